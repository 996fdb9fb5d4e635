import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createL1Clock, type L1Clock } from '../../functions/replay/createL1Clock.js'
import { latestBlock, setNextTimestamp, startAnvil, type Anvil } from '../devnet/anvil.js'

/** Anvil's last default account (unlocked, funded). */
const from = '0xa0Ee7A142d267C1f36714E4a8F75612F20a79720'
/** A zero-value transaction, automined: resolves with its block's timestamp once the receipt is there. */
async function selfTransfer(l1: Anvil): Promise<number> {
  const hash = await l1.rpc<string>('eth_sendTransaction', [{ from, to: from, value: '0x0' }])
  for (;;) {
    const receipt = await l1.rpc<{ blockNumber: string } | null>('eth_getTransactionReceipt', [hash])
    if (receipt) {
      const block = await l1.rpc<{ timestamp: string }>('eth_getBlockByNumber', [receipt.blockNumber, false])
      return Number(block.timestamp)
    }
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

describe('the replay L1 clock', () => {
  let l1: Anvil
  let clock: L1Clock
  beforeAll(async () => {
    l1 = await startAnvil({ chainId: 900 })
    clock = await createL1Clock(l1)
  })
  afterAll(() => l1?.stop())

  it('mines the last slot before a tick, every slot of a short stretch, exactly 12 s apart', async () => {
    const start = clock.time
    const tick = (Math.floor(start / 12) + 5) * 12 + 7
    const before = await latestBlock(l1)
    await clock.advance(tick)
    const head = await latestBlock(l1)
    expect(head.timestamp).toBe(tick - 7)
    expect(head.number - before.number).toBe(5)
    expect(await clock.head()).toEqual(head)
  })

  it('keeps the node off the wall clock: a block nobody stamped lands at the head, and the next stamp still fits', async () => {
    // The node's own clock runs seconds ahead, as under load (anvil follows the wall clock between stamped blocks).
    await l1.rpc('evm_increaseTime', [30])
    const head = await latestBlock(l1)
    // A set-up transaction sent without a stamp (Arbitrum's confirm-period change, say).
    expect(await selfTransfer(l1)).toBe(head.timestamp)
    const stamp = clock.txTime(head.timestamp + 1)
    await setNextTimestamp(l1, stamp)
    expect(await selfTransfer(l1)).toBe(stamp)
    expect(await clock.head()).toEqual({ number: head.number + 2, timestamp: stamp })
    // Spaced mining leaves the node off the wall clock too.
    await clock.advance(stamp + 40)
    await l1.rpc('evm_increaseTime', [30])
    const slot = (await latestBlock(l1)).timestamp
    expect(await selfTransfer(l1)).toBe(slot)
  })
})
