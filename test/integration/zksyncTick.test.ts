import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCursorStore } from '../../functions/chains/createCursorStore.js'
import { createZksyncAdapter } from '../../functions/chains/zksync/createZksyncAdapter.js'
import { validateConfig } from '../../functions/config/parseConfig.js'
import type { ZksyncChainConfig } from '../../functions/config/schema.js'
import { createDynamoStore } from '../../functions/store/createDynamoStore.js'
import { type EmbeddedTable, openEmbeddedTable } from '../../functions/store/openEmbeddedTable.js'
import type { Store } from '../../functions/store/Store.js'
import { runTick, type TickResult } from '../../functions/tick.js'
import { type Anvil, latestBlock, startAnvil } from '../devnet/anvil.js'
import { type RpcProxy, startRpcProxy } from '../devnet/rpcProxy.js'
import {
  deployZksync,
  devnetExecutionDelay,
  mineL2Until as mineL2UntilOn,
  seedBatchHistory,
  type ZksyncDevnet,
} from '../devnet/zksyncDevnet.js'

const chainName = 'era-devnet'

/**
 * Full ticks on real local chains (anvil L1 + L2, solc-compiled ZKsync contracts) with the embedded DynamoDB
 * store: verdicts, log cursors persisted per chain, and a new "container" resuming from the stored cursors.
 * (createRuntime goes through createAdapter, so the runtime pieces are put together here.)
 */
describe('ZKsync tick on a devnet', () => {
  let l1: Anvil
  let l2: Anvil
  let l1Proxy: RpcProxy
  let l2Proxy: RpcProxy
  let table: EmbeddedTable
  let store: Store
  let devnet: ZksyncDevnet
  let config: ReturnType<typeof validateConfig>
  let base: number
  let now: number

  const newAdapter = () =>
    createZksyncAdapter(config.chains[0] as ZksyncChainConfig, { cursors: createCursorStore(store, chainName, () => now) })
  let adapter: ReturnType<typeof newAdapter>
  const tick = (adapters = [adapter]) => runTick({ config, adapters, store, channels: [], clock: () => now })
  const statusOf = (result: TickResult, check: string) => result.results.find((r) => r.check === check)?.status
  const verdictOf = (result: TickResult, check: string) => result.results.find((r) => r.check === check)
  const mineL2Until = (until: number) => mineL2UntilOn(l2, until)

  beforeAll(async () => {
    ;[l1, l2, table] = await Promise.all([startAnvil(), startAnvil({ slotsInAnEpoch: 5, chainId: 324 }), openEmbeddedTable()])
    ;[l1Proxy, l2Proxy] = await Promise.all([startRpcProxy(l1.url), startRpcProxy(l2.url)])
    store = createDynamoStore(table)

    devnet = await deployZksync(l1, { executionDelay: devnetExecutionDelay })
    base = (await latestBlock(l1)).timestamp + 20_000
    await seedBatchHistory(devnet, base, devnetExecutionDelay)
    await mineL2Until(base)

    config = validateConfig({
      chains: [{ name: chainName, stack: 'zksync', l1Rpc: [l1Proxy.url], l2Rpc: [l2Proxy.url], contracts: { diamond: devnet.diamond }, logScan: { maxRange: 2 } }],
    })
    adapter = newAdapter()
  })

  afterAll(async () => {
    await Promise.all([l1Proxy?.stop(), l2Proxy?.stop(), table?.close()])
    await Promise.all([l1?.stop(), l2?.stop()])
  })

  it('healthy: every check ok, and the cursors of the scans that found a log are stored at once', async () => {
    now = base + 5
    const result = await tick()
    expect(statusOf(result, 'liveness')).toBe('ok')
    expect(statusOf(result, 'sequencer-lag')).toBe('ok')
    expect(statusOf(result, 'state-root-finality')).toBe('ok')
    expect(verdictOf(result, 'state-root-finality')?.value).toBe(305)
    expect(verdictOf(result, 'proof-system')).toMatchObject({ status: 'ok', details: { proofSystem: 'zksync-l1', settlementLayer: 'L1' } })

    const head = BigInt((await latestBlock(l1)).number)
    expect(await store.getCursor(chainName, 'blockCommit')).toMatchObject({
      scannedTo: head,
      latest: { eventName: 'BlockCommit', timestamp: base - 600, args: { batchNumber: '5' } },
    })
    expect(await store.getCursor(chainName, 'blocksVerification')).toMatchObject({
      latest: { eventName: 'BlocksVerification', timestamp: base - 300, args: { previousLastVerifiedBatch: '3', currentLastVerifiedBatch: '5' } },
    })
  })

  it('steady state: at most 4 HTTP requests for the chain per tick; quiet cursors are stored every few minutes', async () => {
    await devnet.commitBatches(1, base + 310)
    await mineL2Until(base + 320)
    l1Proxy.resetCounts()
    l2Proxy.resetCounts()
    now = base + 320
    const result = await tick()
    expect(verdictOf(result, 'sequencer-lag')?.details?.lastBatchAge).toBe(10)
    expect(l1Proxy.requestCount + l2Proxy.requestCount).toBeLessThanOrEqual(4)
    // No revert ever: that cursor is written only with the periodic persist (createCursorStore, 5 min).
    const revert = await store.getCursor(chainName, 'blocksRevert')
    expect(revert?.scannedTo).toBe(BigInt((await latestBlock(l1)).number))
    expect(revert?.latest).toBeUndefined()
  })

  it('a new container resumes every scan from the stored cursors: one eth_getLogs per event', async () => {
    await devnet.commitBatches(1, base + 330)
    await mineL2Until(base + 335)
    // With 2-block ranges, a cold scan of the whole devnet history would take several calls per event.
    expect((await latestBlock(l1)).number).toBeGreaterThan(8)
    adapter = newAdapter()
    l1Proxy.resetCounts()
    now = base + 335
    const result = await tick()
    expect(statusOf(result, 'sequencer-lag')).toBe('ok')
    expect(verdictOf(result, 'sequencer-lag')?.details?.lastBatchAge).toBe(5)
    expect(l1Proxy.methodCounts.eth_getLogs).toBe(3)
  })

  it('a batch revert and an L2 stall: state-root-finality and liveness crit', async () => {
    await devnet.revertBatches(5n, base + 340)
    now = base + 410
    const result = await tick()
    expect(statusOf(result, 'liveness')).toBe('crit')
    expect(statusOf(result, 'state-root-finality')).toBe('crit')
    expect(verdictOf(result, 'state-root-finality')?.reason).toContain('batches reverted on L1 70 s ago')
    expect(statusOf(result, 'sequencer-lag')).toBe('ok')
    expect(await store.getCursor(chainName, 'blocksRevert')).toMatchObject({ latest: { eventName: 'BlocksRevert', timestamp: base + 340 } })
  })

  it('L1 down: the L1-based checks are unknown, never ok', async () => {
    l1Proxy.setDown('reset')
    try {
      now = base + 415
      const result = await tick()
      expect(statusOf(result, 'sequencer-lag')).toBe('unknown')
      expect(statusOf(result, 'state-root-finality')).toBe('unknown')
      expect(verdictOf(result, 'state-root-finality')?.reason).toMatch(/^cannot read state roots on L1/)
      expect(statusOf(result, 'proof-system')).toBe('unknown')
    } finally {
      l1Proxy.setDown(false)
    }
  })

  it('the chain moves to another settlement layer: proof-system warns naming both for 24 h, also after it moves back', async () => {
    const gateway = '0x0000000000000000000000000000000000009075'
    await devnet.setSettlementLayer(gateway, base + 420)
    const movedAt = base + 425
    now = movedAt
    const block = (await latestBlock(l1)).number
    const moved = verdictOf(await tick(), 'proof-system')
    expect(moved?.status).toBe('warn')
    expect(moved?.reason).toContain(`settlement layer changed L1 → ${gateway} at L1 block ${block} (0 s ago): commits, proofs and executions land on the new layer`)
    expect(moved?.reason).toContain(`settles on ${gateway}: configure settlementRpc to follow it`)

    await devnet.setSettlementLayer('0x0000000000000000000000000000000000000000', base + 430)
    now = base + 435
    const back = verdictOf(await tick(), 'proof-system')
    expect(back?.status).toBe('warn')
    expect(back?.reason).toContain(`settlement layer changed ${gateway} → L1`)
    now = base + 435 + 86_400
    await mineL2Until(now)
    expect(verdictOf(await tick(), 'proof-system')).toMatchObject({ status: 'ok', value: null })
  })
})
