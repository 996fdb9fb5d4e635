import type { createJitter } from './createJitter.js'

export interface CadenceOptions {
  /** Seconds between batches and between roots (± 30 % with jitter); none: the stack posts none. */
  readonly batchEvery?: number | undefined
  readonly rootEvery?: number | undefined
  readonly jitter: ReturnType<typeof createJitter>
  /** Now and then (chance per batch, with jitter) the batcher pauses this long: a restart, a channel waiting for blobs. */
  readonly longBatchGap?: { seconds: number; chance: number }
  /**
   * Now and then (chance per root, with jitter) a proposer restart stretches the gap to the next root `factor` times
   * (default 1.5 at 2 %: hourly roots then stay under state-root-finality's 2-h warn, ± 30 % jitter included).
   */
  readonly rootRestartGap?: { factor: number; chance: number }
}

export interface DueItem {
  readonly at: number
  readonly what: 'batch' | 'root'
}

export interface Cadence {
  /** The first batch and root after t0. */
  start(t0: number): void
  /** Batches and roots due by `t`, in the order they fell due (batches first). */
  due(t: number): DueItem[]
  stopBatches(): void
  /** The next batch comes one `batchEvery` after `t` (the caller posts one at t). */
  resumeBatches(t: number): void
  stopRoots(): void
  resumeRoots(t: number): void
}

/** When batches and roots happen: every few minutes / hourly, with jitter, rare long batch gaps, restart gaps in roots. */
export function createCadence(options: CadenceOptions): Cadence {
  const { batchEvery, rootEvery, jitter } = options
  const longGap = options.longBatchGap ?? { seconds: 25 * 60, chance: 0.005 }
  const restart = options.rootRestartGap ?? { factor: 1.5, chance: 0.02 }
  let nextBatchAt = 0
  let nextRootAt = 0
  let batchesStopped = false
  let rootsStopped = false
  return {
    start(t0) {
      batchesStopped = batchEvery === undefined
      rootsStopped = rootEvery === undefined
      if (batchEvery !== undefined) nextBatchAt = t0 + jitter.spread(batchEvery)
      if (rootEvery !== undefined) nextRootAt = t0 + jitter.spread(rootEvery)
    },
    due(t) {
      const due: DueItem[] = []
      while (!batchesStopped && nextBatchAt <= t) {
        due.push({ at: nextBatchAt, what: 'batch' })
        nextBatchAt += jitter.chance(longGap.chance) ? longGap.seconds : jitter.spread(batchEvery!)
      }
      while (!rootsStopped && nextRootAt <= t) {
        due.push({ at: nextRootAt, what: 'root' })
        nextRootAt += Math.round(jitter.spread(rootEvery!) * (jitter.chance(restart.chance) ? restart.factor : 1))
      }
      return due
    },
    stopBatches() {
      batchesStopped = true
    },
    resumeBatches(t) {
      if (batchEvery === undefined) return
      batchesStopped = false
      nextBatchAt = t + batchEvery
    },
    stopRoots() {
      rootsStopped = true
    },
    resumeRoots(t) {
      if (rootEvery === undefined) return
      rootsStopped = false
      nextRootAt = t + rootEvery
    },
  }
}
