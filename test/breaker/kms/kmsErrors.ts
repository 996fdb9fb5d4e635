import { expect } from 'vitest'
import { KmsSignerError } from '../../../functions/breaker/kms/KmsSignerError.js'

/** Awaits a promise expected to reject with an instance of `type` and returns the error. */
export async function rejection<T extends KmsSignerError>(
  promise: Promise<unknown>,
  type: abstract new (...args: any[]) => T,
): Promise<T> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  )
  expect(error).toBeInstanceOf(type)
  expect(error).toBeInstanceOf(KmsSignerError)
  return error as T
}

/** The first error in `error`'s cause chain that is a `type`. */
export function findCause<T>(error: unknown, type: abstract new (...args: any[]) => T): T | undefined {
  let current: unknown = error
  for (let depth = 0; current !== undefined && depth < 8; depth++) {
    if (current instanceof type) return current
    current = (current as { cause?: unknown }).cause
  }
  return undefined
}
