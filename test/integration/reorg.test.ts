import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAdapter } from '../../functions/chains/createAdapter.js'
import { validateConfig } from '../../functions/config/parseConfig.js'
import { createDynamoStore } from '../../functions/store/createDynamoStore.js'
import { type EmbeddedTable, openEmbeddedTable } from '../../functions/store/openEmbeddedTable.js'
import type { Store } from '../../functions/store/Store.js'
import { runTick } from '../../functions/tick.js'
import { type Anvil, latestBlock, mineBlocks, startAnvil } from '../devnet/anvil.js'
import { type RpcProxy, startRpcProxy } from '../devnet/rpcProxy.js'

/**
 * History rewritten on a real node: anvil with `--slots-in-an-epoch 4` (safe = latest − 4, finalized = latest − 8)
 * and evm_snapshot / evm_revert to replace blocks. Each tick's re-reads ride in the one L2 head batch.
 */
describe('reorg on a devnet (snapshot/revert)', () => {
  let l2: Anvil
  let proxy: RpcProxy
  let table: EmbeddedTable
  let store: Store
  let now: number
  const config = () =>
    validateConfig({ chains: [{ name: 'devnet', stack: 'evm', l2Rpc: [proxy.url] }], alerts: { for: 1, clearFor: 1, groupWait: 0 } })

  beforeAll(async () => {
    ;[l2, table] = await Promise.all([startAnvil({ slotsInAnEpoch: 4 }), openEmbeddedTable()])
    proxy = await startRpcProxy(l2.url)
    store = createDynamoStore({ tableName: table.tableName, client: table.client })
  })
  afterAll(async () => {
    await proxy?.stop()
    await Promise.all([l2?.stop(), table?.close()])
  })

  async function tick() {
    const cfg = config()
    proxy.resetCounts()
    const result = await runTick({ config: cfg, adapters: cfg.chains.map((chain) => createAdapter(chain)), store, channels: [], clock: () => now })
    return { verdict: result.results.find((r) => r.check === 'reorg')!, requests: proxy.requestCount, calls: proxy.methods.length }
  }

  it('replacing the head block gives warn with depth 1; rewriting a block below safe gives crit; each in one request', async () => {
    const start = (await latestBlock(l2)).timestamp + 100
    await mineBlocks(l2, 20, { timestamp: start, interval: 2 })
    now = start + 40
    const first = await tick()
    expect(first.verdict).toMatchObject({ status: 'ok', reason: expect.stringContaining('no earlier head') })

    // The head block #21 is replaced by another #21 on the same parent.
    const beforeHead = await l2.rpc<string>('evm_snapshot')
    await mineBlocks(l2, 1, { timestamp: start + 40, interval: 2 })
    now += 2
    expect((await tick()).verdict.status).toBe('ok')
    await l2.rpc('evm_revert', [beforeHead])
    await mineBlocks(l2, 1, { timestamp: start + 41, interval: 2 })
    now += 2
    const replaced = await tick()
    expect(replaced.verdict).toMatchObject({ status: 'warn', value: 1, unit: 'blocks', details: { kind: 'unsafe', height: 21, exactDepth: true } })
    expect(replaced.verdict.reason).toMatch(/^unsafe reorg 1 block deep: block #21 was 0x[0-9a-f]{8}…, is now 0x[0-9a-f]{8}…/)
    // latest, safe, finalized and the three heights seen: one HTTP request.
    expect(replaced.requests).toBe(1)
    expect(replaced.calls).toBe(6)

    // Deeper: blocks from #22 on are rewritten, past the safe head seen (#27 − 4 = #23), not the finalized one (#19).
    const atReplacedHead = await l2.rpc<string>('evm_snapshot')
    await mineBlocks(l2, 6, { timestamp: start + 44, interval: 2 })
    now += 14
    expect((await tick()).verdict.status).toBe('warn') // the one-block reorg is still held
    expect((await store.getHeadMemories()).get('devnet')?.seen).toMatchObject({ latest: { number: 27 }, safe: { number: 23 }, finalized: { number: 19 } })
    await l2.rpc('evm_revert', [atReplacedHead])
    await mineBlocks(l2, 7, { timestamp: start + 45, interval: 2 })
    now += 4
    const rewritten = await tick()
    expect(rewritten.verdict).toMatchObject({ status: 'crit', details: { kind: 'safe', height: 23 } })
    expect(rewritten.verdict.reason).toMatch(/^reorg below the safe head: block #23 \(safe when seen\) was 0x[0-9a-f]{8}…, is now 0x[0-9a-f]{8}…/)
    expect(rewritten.requests).toBe(1)
  })
})
