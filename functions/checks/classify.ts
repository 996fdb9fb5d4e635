import type { Threshold } from '../config/schema.js'
import type { Status } from '../types.js'

/** A value at or above crit is crit; at or above warn is warn. */
export function classify(value: number, threshold: Threshold): Exclude<Status, 'unknown'> {
  if (value >= threshold.crit) return 'crit'
  if (value >= threshold.warn) return 'warn'
  return 'ok'
}
