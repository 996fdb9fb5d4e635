import type { Verdict } from '../types.js'
import { formatDuration } from './formatDuration.js'

/** A verdict's value (or threshold) in its unit: `12 min`, `3 blocks`, `15 %`. */
export function formatValue(value: number, unit: Verdict['unit']): string {
  if (unit === 'blocks') return `${value} block${value === 1 ? '' : 's'}`
  if (unit === '%') return `${Math.round(value)} %`
  return formatDuration(value)
}
