import { describeError } from '../rpc/describeError.js'
import type { Reading } from '../types.js'

export async function toReading<T>(promise: Promise<T>): Promise<Reading<T>> {
  try {
    return { ok: true, value: await promise }
  } catch (error) {
    return { ok: false, error: describeError(error) }
  }
}
