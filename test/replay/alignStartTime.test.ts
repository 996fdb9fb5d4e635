import { describe, expect, it } from 'vitest'
import { alignStartTime } from '../../functions/replay/alignStartTime.js'
import { l1BlockTime } from '../../functions/replay/createL1Clock.js'

describe('alignStartTime', () => {
  it('starts within a minute of the earliest time, always 1 s past a whole minute', () => {
    for (let earliest = 1_796_000_000; earliest < 1_796_000_000 + 180; earliest++) {
      const start = alignStartTime(earliest)
      expect(start).toBeGreaterThanOrEqual(earliest)
      expect(start - earliest).toBeLessThan(60)
      expect(start % 60).toBe(1)
    }
  })

  it('never puts an event offset that is a multiple of 3 s on an L1 slot, whatever the devnet heads said', () => {
    for (let earliest = 1_796_000_000; earliest < 1_796_000_000 + 60; earliest++) {
      const start = alignStartTime(earliest)
      const onSlot = Array.from({ length: 3 * 3600 }, (_, k) => 3 * k).filter((offset) => (start + offset) % l1BlockTime === 0)
      expect(onSlot).toEqual([])
    }
  })
})
