import { performance } from 'node:perf_hooks'
import type { LoopClock } from '../../bin/runLoop.js'
import { type Anvil, mineBlocks } from './anvil.js'

export interface VirtualClock extends LoopClock {
  /** Virtual milliseconds slept so far. */
  readonly slept: () => number
}

export interface VirtualClockOptions {
  /** Called before a sleep returns, with the virtual time it ends at (epoch ms): the devnet moves on to there. */
  readonly onAdvance?: (toMs: number) => Promise<unknown>
  /**
   * Also count the real time that passes (ticks, RPC, chat requests): the loop's own work then costs what it
   * costs, only its waiting is skipped. Off: fully virtual, deterministic (tests).
   */
  readonly realTime?: boolean
}

/** A loop clock whose sleeps return at once with the clock moved on: minutes of polling in seconds. */
export function virtualClock(startMs: number, { onAdvance, realTime = false }: VirtualClockOptions = {}): VirtualClock {
  const realStart = performance.now()
  let slept = 0
  const now = () => startMs + slept + (realTime ? performance.now() - realStart : 0)
  return {
    now,
    slept: () => slept,
    async sleep(ms) {
      if (ms <= 0) return
      await onAdvance?.(now() + ms)
      slept += ms
    },
  }
}

/**
 * An L2 that produces a block every `blockSeconds` of the virtual clock until `haltAt` (unix s, inclusive):
 * `produceUntil(second)` mines what the chain would have made by then, with those timestamps.
 */
export function blockProducer(anvil: Anvil, lastTimestamp: number, blockSeconds = 2) {
  let last = lastTimestamp
  let haltAt = Number.POSITIVE_INFINITY
  return {
    get last() {
      return last
    },
    /** The sequencer stops after its block at (or before) `second`. */
    halt(second: number) {
      haltAt = second
    },
    /** Blocks again, from `second` on (unix s; default: where it stopped, filling the gap). */
    resume(second?: number) {
      haltAt = Number.POSITIVE_INFINITY
      if (second !== undefined && second - blockSeconds > last) last = second - blockSeconds
    },
    /** Resolves with the number of blocks mined. */
    async produceUntil(second: number): Promise<number> {
      const until = Math.min(Math.floor(second), haltAt)
      const count = Math.floor((until - last) / blockSeconds)
      if (count <= 0) return 0
      await mineBlocks(anvil, count, { timestamp: last + blockSeconds, interval: blockSeconds })
      last += count * blockSeconds
      return count
    },
  }
}
