import { type Anvil, latestBlock } from '../../test/devnet/anvil.js'

/** The L1 as the replay moves it: a block on the last 12 s slot before each tick, transactions at their own times. */
export interface L1Clock {
  /** Timestamp of the L1 head (or of the next transaction already stamped). */
  readonly time: number
  /** Mines one L1 block at the last 12 s slot up to `t` (only the last: nothing reads the ones between). */
  advance(t: number): Promise<void>
  /** The timestamp for an L1 transaction sent at virtual time t (strictly after the L1 head). */
  txTime(t: number): number
  /** The L1 head (number, timestamp), read again when a transaction mined a block since. */
  head(): Promise<{ number: number; timestamp: number }>
}

export const l1BlockTime = 12

/** Starts from the L1 node's current head (after the stack's deployment). */
export async function createL1Clock(l1: Anvil): Promise<L1Clock> {
  let { number, timestamp: time } = await latestBlock(l1)
  /** An L1 transaction mined a block since `number` was read. */
  let moved = false
  return {
    get time() {
      return time
    },
    async advance(t) {
      const slot = Math.floor(t / l1BlockTime) * l1BlockTime
      if (slot <= time) return
      await l1.rpc('evm_mine', [slot])
      time = slot
      number++
    },
    txTime(t) {
      moved = true
      time = Math.max(time + 1, t)
      return time
    },
    async head() {
      if (moved) ({ number, timestamp: time } = await latestBlock(l1))
      moved = false
      return { number, timestamp: time }
    },
  }
}
