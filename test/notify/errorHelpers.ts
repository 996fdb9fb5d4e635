import { expect } from 'vitest'
import { NotifyError } from '../../functions/notify/NotifyError.js'

/** Everything a logger could print for an error: message, stack and the whole cause chain. */
export function everythingAbout(error: unknown): string {
  const parts: string[] = []
  let current: unknown = error
  for (let depth = 0; current !== undefined && depth < 6; depth++) {
    parts.push(String(current), (current as Error).stack ?? '', JSON.stringify(current))
    current = (current as Error).cause
  }
  return parts.join('\n')
}

/** Awaits a promise expected to reject with a NotifyError and returns the error. */
export async function notifyRejection(promise: Promise<unknown>): Promise<NotifyError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  )
  expect(error).toBeInstanceOf(NotifyError)
  return error as NotifyError
}
