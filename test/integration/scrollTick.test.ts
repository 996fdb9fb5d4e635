import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCursorStore } from '../../functions/chains/createCursorStore.js'
import { createScrollAdapter } from '../../functions/chains/scroll/createScrollAdapter.js'
import { validateConfig } from '../../functions/config/parseConfig.js'
import type { ScrollChainConfig } from '../../functions/config/schema.js'
import { createDynamoStore } from '../../functions/store/createDynamoStore.js'
import { type EmbeddedTable, openEmbeddedTable } from '../../functions/store/openEmbeddedTable.js'
import type { Store } from '../../functions/store/Store.js'
import { runTick, type TickResult } from '../../functions/tick.js'
import { type Anvil, latestBlock, mineBlocks, startAnvil } from '../devnet/anvil.js'
import { type RpcProxy, startRpcProxy } from '../devnet/rpcProxy.js'
import { deployScroll, type ScrollDevnet } from '../devnet/scrollDevnet.js'
import { stackChecks } from '../stackChecks.js'

const chainName = 'scroll-devnet'

/**
 * Full ticks on real local chains (anvil L1 + L2, solc-compiled Scroll contracts) with the embedded DynamoDB
 * store: verdicts, log cursors persisted per chain, and a new "container" resuming from the stored cursors.
 * (createRuntime goes through createAdapter, so the runtime pieces are put together here.)
 */
describe('Scroll tick on a devnet', () => {
  let l1: Anvil
  let l2: Anvil
  let l1Proxy: RpcProxy
  let l2Proxy: RpcProxy
  let table: EmbeddedTable
  let store: Store
  let devnet: ScrollDevnet
  let config: ReturnType<typeof validateConfig>
  let base: number
  let now: number

  const newAdapter = () =>
    createScrollAdapter(config.chains[0] as ScrollChainConfig, { cursors: createCursorStore(store, chainName, () => now) })
  let adapter: ReturnType<typeof newAdapter>
  const tick = (adapters = [adapter]) => runTick({ config, adapters, store, channels: [], clock: () => now })
  const verdictOf = (result: TickResult, check: string) => result.results.find((r) => r.check === check)
  const statusesOf = (result: TickResult) => Object.fromEntries(result.results.map((r) => [r.check, r.status]))
  /** L2 blocks every 3 s after the current head, the newest at `until`. */
  const mineL2Until = async (until: number) => {
    const head = (await latestBlock(l2)).timestamp
    const count = Math.max(1, Math.min(20, Math.floor((until - head) / 3)))
    await mineBlocks(l2, count, { timestamp: until - 3 * (count - 1), interval: 3 })
  }

  beforeAll(async () => {
    ;[l1, l2, table] = await Promise.all([startAnvil(), startAnvil({ slotsInAnEpoch: 4, chainId: 534_352 }), openEmbeddedTable()])
    ;[l1Proxy, l2Proxy] = await Promise.all([startRpcProxy(l1.url), startRpcProxy(l2.url)])
    store = createDynamoStore(table)

    base = (await latestBlock(l1)).timestamp + 10_000
    devnet = await deployScroll(l1, { timestamp: base - 3_000 })
    await devnet.commitBatch(base - 2_400)
    await devnet.commitBatch(base - 1_800)
    await devnet.finalize({ timestamp: base - 1_200 })
    await devnet.commitBatch(base - 600)
    await mineL2Until(base)

    config = validateConfig({
      chains: [{ name: chainName, stack: 'scroll', l1Rpc: [l1Proxy.url], l2Rpc: [l2Proxy.url], contracts: { scrollChain: devnet.scrollChain } }],
    })
    adapter = newAdapter()
  })

  afterAll(async () => {
    await Promise.all([l1Proxy?.stop(), l2Proxy?.stop(), table?.close()])
    await Promise.all([l1?.stop(), l2?.stop()])
  })

  it('healthy: every check ok, and the log cursors are in the store', async () => {
    now = base + 5
    const result = await tick()
    expect(statusesOf(result)).toEqual(Object.fromEntries(stackChecks('scroll', { without: ['operator-balance'] }).map((check) => [check, 'ok'])))
    expect(verdictOf(result, 'sequencer-lag')).toMatchObject({
      value: 605,
      threshold: { warn: 3600, crit: 7200 },
      details: { forceInclusionIn: base - 1_200 + 86_400 - now },
    })
    expect(verdictOf(result, 'state-root-finality')?.value).toBe(1_205)
    const head = BigInt((await latestBlock(l1)).number)
    const cursor = await store.getCursor(chainName, `scroll-commit-batch:${devnet.scrollChain.toLowerCase()}`)
    expect(cursor).toMatchObject({ scannedTo: head, latest: { eventName: 'CommitBatch', timestamp: base - 600, args: { batchIndex: '3' } } })
    expect(await store.getCursor(chainName, `scroll-revert-batch:${devnet.scrollChain.toLowerCase()}`)).toMatchObject({ scannedTo: head })
  })

  it('steady state: at most 4 HTTP requests for the chain per tick, and a new container resumes from the stored cursors', async () => {
    await mineBlocks(l1, 1, { timestamp: base + 10 })
    await mineL2Until(base + 18)
    l1Proxy.resetCounts()
    l2Proxy.resetCounts()
    now = base + 20
    expect(statusesOf(await tick())['sequencer-lag']).toBe('ok')
    expect(l1Proxy.requestCount + l2Proxy.requestCount).toBeLessThanOrEqual(4)

    await devnet.commitBatch(base + 25)
    l1Proxy.resetCounts()
    l2Proxy.resetCounts()
    now = base + 35
    const fresh = newAdapter()
    const result = await tick([fresh])
    expect(verdictOf(result, 'sequencer-lag')?.value).toBe(10)
    // Multicall3 probe + discovery are new, but the log scans pick up where the stored cursors left off.
    expect(l1Proxy.methodCounts.eth_getLogs).toBe(2)
    adapter = fresh
  })

  it('batches stop being committed and finalized: sequencer-lag and state-root-finality crit, with the countdown', async () => {
    now = base + 25 + 7_300
    await mineL2Until(now - 2)
    const result = await tick()
    expect(statusesOf(result)).toMatchObject({ liveness: 'ok', 'sequencer-lag': 'crit', 'state-root-finality': 'warn' })
    expect(verdictOf(result, 'sequencer-lag')?.details?.forceInclusionIn).toBe(base - 1_200 + 86_400 - now)
  })

  it('anyone switches on enforced mode: sequencer-lag crit naming it', async () => {
    const open = base - 1_200 + 86_400 + 1
    await devnet.commitAndFinalizeAsAnyone(open)
    now = open + 30
    await mineL2Until(now - 2)
    const result = await tick()
    expect(verdictOf(result, 'sequencer-lag')?.status).toBe('crit')
    expect(verdictOf(result, 'sequencer-lag')?.reason).toContain('enforced (permissionless) batch mode is ON')
    expect(verdictOf(result, 'sequencer-lag')?.reason).toContain('batches #3–#4 reverted on L1')
    expect(verdictOf(result, 'state-root-finality')?.status).toBe('ok')
  })

  it('every RPC down: unknown, never ok', async () => {
    l1Proxy.setDown('reset')
    l2Proxy.setDown('503')
    try {
      now += 15
      const result = await tick()
      expect(result.results.map((r) => r.status)).toEqual(Array(7).fill('unknown'))
      for (const verdict of result.results) expect(verdict.value).toBeNull()
    } finally {
      l1Proxy.setDown(false)
      l2Proxy.setDown(false)
    }
  })
})
