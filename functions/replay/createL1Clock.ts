import { type Anvil, latestBlock, mineSpaced } from '../../test/devnet/anvil.js'

/** The L1 as the replay moves it: a block on the last 12 s slot before each tick, transactions at their own times. */
export interface L1Clock {
  /** Timestamp of the L1 head (or of the next transaction already stamped). */
  readonly time: number
  /**
   * Mines the L1 up to the last 12 s slot before `t`: every slot when a few are due (dense ticks: block numbers stay
   * true for what counts L1 blocks), else one block at the last slot (a time jump on quiet stretches).
   */
  advance(t: number): Promise<void>
  /** The timestamp for an L1 transaction sent at virtual time t (strictly after the L1 head). */
  txTime(t: number): number
  /** The L1 head (number, timestamp), read again when a transaction mined a block since. */
  head(): Promise<{ number: number; timestamp: number }>
}

export const l1BlockTime = 12
/** At most this many slots are mined one by one; more are jumped over with one block. */
const maxMinedSlots = 8

/**
 * Starts from the L1 node's current head (after the stack's deployment), and takes the node off the wall clock: a
 * block nobody stamped (a devnet's set-up transaction between stamped ones) lands at the head's time, where anvil's own
 * clock would put it seconds past the head under load, past the stamp handed out for the next transaction.
 */
export async function createL1Clock(l1: Anvil): Promise<L1Clock> {
  await l1.rpc('anvil_setBlockTimestampInterval', [0])
  let { number, timestamp: time } = await latestBlock(l1)
  /** The head block's own timestamp (time may be ahead of it: a stamp handed out for a transaction not yet sent). */
  let headTime = time
  /** An L1 transaction mined a block since `number` was read. */
  let moved = false
  /** After a transaction, the node's head: the block it landed in is what the next slot or transaction follows. */
  const catchUp = async () => {
    if (!moved) return
    const head = await latestBlock(l1)
    number = head.number
    headTime = head.timestamp
    time = Math.max(time, head.timestamp)
    moved = false
  }
  return {
    get time() {
      return time
    },
    async advance(t) {
      await catchUp()
      const slot = Math.floor(t / l1BlockTime) * l1BlockTime
      if (slot <= time) return
      const firstSlot = (Math.floor(time / l1BlockTime) + 1) * l1BlockTime
      const slots = (slot - firstSlot) / l1BlockTime + 1
      if (slots === 1 || slots > maxMinedSlots) {
        await l1.rpc('evm_mine', [slot])
        number++
        time = headTime = slot
        return
      }
      await mineSpaced(l1, slots, firstSlot, l1BlockTime, 0)
      number += slots
      time = headTime = slot
    },
    txTime(t) {
      moved = true
      time = Math.max(time + 1, t)
      return time
    },
    async head() {
      await catchUp()
      return { number, timestamp: headTime }
    },
  }
}
