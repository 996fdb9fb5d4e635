import type { createJitter } from './createJitter.js'

/** Users' L1→L2 deposits on a quiet timeline: a burst of one to three every ~2 h (± 30 %), half a minute apart. */
export const depositEverySeconds = 2 * 3600
/** A sequencer takes an L1 message in (Scroll includes it, Linea's coordinator anchors it) after this long on L1. */
export const depositConfirmationSeconds = 5 * 60

export interface DepositBursts {
  /** The deposits due by `t` (their own times, oldest first); the first burst comes one interval after the first call. */
  due(t: number): number[]
}

export function createDepositBursts(jitter: ReturnType<typeof createJitter>, every = depositEverySeconds): DepositBursts {
  let next: number | undefined
  return {
    due(t) {
      next ??= t + jitter.spread(every)
      const times: number[] = []
      for (; next <= t; next += jitter.spread(every)) {
        const count = 1 + (jitter.chance(0.5) ? 1 : 0) + (jitter.chance(0.25) ? 1 : 0)
        for (let i = 0; i < count; i++) times.push(next + 30 * i)
      }
      return times
    },
  }
}
