import { describe, expect, it } from 'vitest'
import { forEachLimited } from '../../functions/store/forEachLimited.js'

describe('forEachLimited', () => {
  it('runs at most `limit` tasks at once, finishes every other task when one fails, then rejects with it', async () => {
    let running = 0
    let peak = 0
    const done: number[] = []
    const task = async (i: number) => {
      running += 1
      peak = Math.max(peak, running)
      await new Promise((resolve) => setTimeout(resolve, 2))
      running -= 1
      if (i === 3) throw new Error('write 3 failed')
      done.push(i)
    }
    await expect(forEachLimited(Array.from({ length: 40 }, (_, i) => i), 5, task)).rejects.toThrow('write 3 failed')
    expect(peak).toBe(5)
    expect(done).toHaveLength(39)
  })
})
