import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAdapter } from '../../functions/chains/createAdapter.js'
import { validateConfig } from '../../functions/config/parseConfig.js'
import { createDynamoStore } from '../../functions/store/createDynamoStore.js'
import { type EmbeddedTable, openEmbeddedTable } from '../../functions/store/openEmbeddedTable.js'
import type { Store } from '../../functions/store/Store.js'
import { runTick } from '../../functions/tick.js'
import { type Anvil, latestBlock, startAnvil } from '../devnet/anvil.js'

/** Anvil's first two accounts (unlocked): one sends, the other receives. */
const FROM = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
const TO = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'

/** throughput on a real node: blocks of 3 transactions for an hour and more (the baseline), then empty blocks. */
describe('throughput on a devnet', () => {
  let l2: Anvil
  let table: EmbeddedTable
  let store: Store
  let now: number
  const config = () => validateConfig({ chains: [{ name: 'devnet', stack: 'evm', l2Rpc: [l2.url] }] })

  beforeAll(async () => {
    ;[l2, table] = await Promise.all([startAnvil({ noMining: true }), openEmbeddedTable()])
    store = createDynamoStore({ tableName: table.tableName, client: table.client })
    now = (await latestBlock(l2)).timestamp + 100
  })
  afterAll(async () => {
    await Promise.all([l2?.stop(), table?.close()])
  })

  /** One block at `now` with `transactions` transfers, then a tick. */
  async function blockThenTick(transactions: number) {
    for (let i = 0; i < transactions; i++) await l2.rpc('eth_sendTransaction', [{ from: FROM, to: TO, value: '0x1' }])
    await l2.rpc('evm_mine', [now])
    const cfg = config()
    const result = await runTick({ config: cfg, adapters: cfg.chains.map((chain) => createAdapter(chain)), store, channels: [], clock: () => now })
    return result.results.find((r) => r.check === 'throughput')!
  }

  it('a run of empty blocks after a normal baseline warns, never crit, and clears when transactions come back', async () => {
    const first = await blockThenTick(3)
    expect(first).toMatchObject({ status: 'ok', unit: '%', reason: expect.stringContaining('building the baseline') })
    for (let i = 0; i < 6; i++) {
      now += 600
      expect((await blockThenTick(3)).status).toBe('ok')
    }
    now += 600
    const steady = await blockThenTick(3)
    expect(steady).toMatchObject({ status: 'ok', value: 100, details: { userTransactions: 3 } })

    now += 600
    expect((await blockThenTick(0)).status).toBe('ok') // one empty block moves the 10-min average to 37 %
    now += 600
    const empty = await blockThenTick(0)
    expect(empty).toMatchObject({ status: 'warn', details: { userTransactions: 0 } })
    expect(empty.value).toBeLessThan(20)
    expect(empty.reason).toMatch(/^blocks keep coming but carry little: 0\.4 tx\/block lately against a baseline of 2\.\d tx\/block \(1\d %, warn under 20 %\)/)
    for (let i = 0; i < 4; i++) {
      now += 600
      expect((await blockThenTick(0)).status).toBe('warn') // never crit: a quiet night is not an outage
    }

    let back
    for (let i = 0; i < 3; i++) {
      now += 600
      back = await blockThenTick(3)
    }
    expect(back?.status).toBe('ok')
  })
})
