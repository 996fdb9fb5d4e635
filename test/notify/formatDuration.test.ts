import { describe, expect, it } from 'vitest'
import { formatDuration } from '../../functions/notify/formatMessage.js'

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [12, '12 s'],
    [59, '59 s'],
    [59.9, '59 s'],
    [60, '1 min'],
    [119, '1 min'],
    [47 * 60, '47 min'],
    [3599, '59 min'],
    [3600, '1 h'],
    [3660, '1 h 1 min'],
    [2 * 3600 + 5 * 60, '2 h 5 min'],
    [86_399, '23 h 59 min'],
    [86_400, '1 d'],
    [90_000, '1 d 1 h'],
    [3 * 86_400 + 4 * 3600 + 59 * 60, '3 d 4 h'],
  ])('%d s → %s', (seconds, expected) => {
    expect(formatDuration(seconds)).toBe(expected)
  })

  it('keeps the sign of negative values (clock skew) and names non-numbers', () => {
    expect(formatDuration(-12)).toBe('-12 s')
    expect(formatDuration(-3700)).toBe('-1 h 1 min')
    expect(formatDuration(Number.NaN)).toBe('n/a')
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('n/a')
  })
})
