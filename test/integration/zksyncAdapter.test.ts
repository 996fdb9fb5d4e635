import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type AbiEvent, type AbiFunction, getAbiItem, type Hex, keccak256, toEventSelector, toFunctionSelector, toHex } from 'viem'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { chainTypeManagerAbi, diamondAbi, validatorTimelockAbi } from '../../functions/chains/zksync/abis.js'
import { createZksyncAdapter } from '../../functions/chains/zksync/createZksyncAdapter.js'
import { defaultThresholds, resolveThresholds } from '../../functions/checks/defaultThresholds.js'
import { deposits } from '../../functions/checks/deposits.js'
import { latestBlock, mineBlocks, startAnvil } from '../devnet/anvil.js'
import { startRpcProxy } from '../devnet/rpcProxy.js'
import { artifact } from '../devnet/solc.js'
import {
  batchesOf,
  deployZksync,
  devnetExecutionDelay,
  judge,
  rootsOf,
  serveBatchDetails,
  startZksyncTestbed,
  statusesOf,
  type ZksyncTestbed,
  zksyncChainConfig,
} from '../devnet/zksyncDevnet.js'

/** Selectors and topic0s as listed in shared/reference/l2-data-sources.md §3 (recomputed there with keccak-256). */
const referenceSelectors = {
  getTotalBatchesCommitted: '0xdb1f0bf9',
  getTotalBatchesVerified: '0xef3f0bae',
  getTotalBatchesExecuted: '0xb8c2f66f',
  isDiamondStorageFrozen: '0x29b98c67',
  getSettlementLayer: '0x6a27e8b5',
  executionDelay: '0x8b257989',
  getCommittedBatchTimestamp: '0xb4dba6f9',
  // Not in the reference file: era-contracts IGetters.sol (2026-03) signatures, keccak-256 recomputed.
  getTotalPriorityTxs: '0xa1954fc5',
  getFirstUnprocessedPriorityTx: '0x79823c9a',
  getPriorityQueueSize: '0x631f4bac',
} as const
const referenceTopics = {
  BlockCommit: '0x8f2916b2f2d78cc5890ead36c06c0f6d5d112c7e103589947e8e2f0d6eddb763',
  BlocksVerification: '0x22c9005dd88c18b552a1cd7e8b3b937fcde9ca69213c1f658f54d572e4877a81',
  BlockExecution: '0x2402307311a4d6604e4e7b4c8a15a7e1213edb39c16a31efa70afb06030d3165',
  BlocksRevert: '0x8bd4b15ea7d1bc41ea9abc3fc487ccb89cd678a00786584714faa9d751c84ee5',
  // era-contracts IMailboxImpl.sol (2026-03), keccak-256 recomputed.
  NewPriorityRequest: '0x4531cd5795773d7101c17bdeb9f5ab7f47d7056017506f937083be5d6e77a382',
  NewPriorityRequestId: '0x779f441679936c5441b671969f37400b8c3ed0071cb47444431bf985754560df',
} as const

/** A JSON-RPC forwarder that drops `blockTimestamp` from logs, as L1 RPCs without that (newer) field answer. */
async function startLogTimestampStripper(target: string): Promise<{ url: string; stop(): Promise<void> }> {
  const strip = (response: { result?: unknown }) => {
    if (Array.isArray(response.result)) for (const log of response.result) if (log && typeof log === 'object') delete (log as Record<string, unknown>).blockTimestamp
    return response
  }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', async () => {
      try {
        const upstream = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.concat(chunks) })
        const body = (await upstream.json()) as { result?: unknown } | { result?: unknown }[]
        res.writeHead(upstream.status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(Array.isArray(body) ? body.map(strip) : strip(body)))
      } catch (error) {
        res.writeHead(502).end(String(error))
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

/** What each check makes of the adapter's readings: healthy, then each way a ZK chain stops making progress. */
describe('ZKsync adapter on anvil: readings and check verdicts', () => {
  let testbed: ZksyncTestbed
  beforeAll(async () => {
    testbed = await startZksyncTestbed()
  })
  afterAll(() => testbed?.stop())
  afterEach(() => testbed.reset())

  it('reads the real selectors and topic0s, and the devnet contracts expose them', () => {
    for (const [name, selector] of Object.entries(referenceSelectors)) {
      const abi = [...diamondAbi, ...validatorTimelockAbi]
      expect(toFunctionSelector(getAbiItem({ abi, name } as never) as AbiFunction), name).toBe(selector)
    }
    for (const [name, topic] of Object.entries(referenceTopics))
      expect(toEventSelector(getAbiItem({ abi: diamondAbi, name } as never) as AbiEvent), name).toBe(topic)

    const compiled = (contract: string) => artifact(contract, 'zksync').abi
    const selectorsOf = (abi: readonly unknown[]) =>
      new Set(abi.filter((item): item is AbiFunction => (item as AbiFunction).type === 'function').map((item) => toFunctionSelector(item)))
    const topicsOf = (abi: readonly unknown[]) =>
      new Set(abi.filter((item): item is AbiEvent => (item as AbiEvent).type === 'event').map((item) => toEventSelector(item)))
    const diamond = compiled('ZkChainDiamond')
    for (const item of diamondAbi) {
      // getStateTransitionManager() is the pre-rename getter of older diamonds; the devnet one is current.
      if (item.type === 'function' && item.name !== 'getStateTransitionManager') expect(selectorsOf(diamond)).toContain(toFunctionSelector(item))
      if (item.type === 'event') expect(topicsOf(diamond)).toContain(toEventSelector(item))
    }
    for (const item of validatorTimelockAbi) expect(selectorsOf(compiled('ValidatorTimelock'))).toContain(toFunctionSelector(item))
    for (const item of chainTypeManagerAbi) expect(selectorsOf(compiled('ChainTypeManager'))).toContain(toFunctionSelector(item))
  })

  it('healthy: every check ok, values measured from L1 and L2, thresholds derived from the chain', async () => {
    const { devnet, base, adapter } = await testbed.scenario()
    const now = base + 5
    const observation = await adapter.observe(now)

    expect(observation).toMatchObject({ chain: 'era-devnet', stack: 'zksync', l2: { ok: true } })
    expect(batchesOf(observation)).toEqual({ source: 'zksync-commits', lastBatchAt: base - 600, lastBatchNumber: 5n })
    const l2Finalized = await testbed.l2.rpc<{ number: string; timestamp: string }>('eth_getBlockByNumber', ['finalized', false])
    expect(rootsOf(observation)).toEqual({
      source: 'zksync-batches',
      lastPostedAt: base - 300,
      finalizedL2Block: BigInt(l2Finalized.number),
      finalizedL2Timestamp: Number(l2Finalized.timestamp),
    })
    expect(Number(l2Finalized.timestamp)).toBe(base - 10)
    // The timelock was discovered through the diamond's ChainTypeManager; its delay read live.
    expect(observation.parameters).toEqual({ blockTimeSeconds: 1, finalityPeriodSeconds: devnetExecutionDelay })
    expect(await devnet.counters()).toEqual({ committed: 5n, verified: 5n, executed: 3n })

    const thresholds = resolveThresholds('zksync', undefined, observation.parameters)
    expect(thresholds.liveness).toEqual({ warn: 15, crit: 60 })
    expect(thresholds.stateRootFinalized).toEqual({ warn: 1.5 * devnetExecutionDelay, crit: 2 * devnetExecutionDelay })

    const verdicts = judge(observation, now)
    expect(statusesOf(verdicts)).toEqual({ liveness: 'ok', 'sequencer-lag': 'ok', 'state-root-finality': 'ok' })
    expect(verdicts.liveness?.value).toBe(5)
    expect(verdicts['sequencer-lag']).toMatchObject({ value: 5, details: { blocks: 5, lastBatchAge: 605 } })
    expect(verdicts['sequencer-lag']?.details).not.toHaveProperty('forceInclusionIn') // Era has no force-inclusion window
    expect(verdicts['state-root-finality']).toMatchObject({ value: 305, details: { finalizedAge: 15, source: 'zksync-batches' } })
    expect(verdicts['state-root-finality']?.reason).toContain('proven batch')
  })

  it('steady state: at most 4 HTTP requests per tick (1 L2 + Multicall3 + one batch of eth_getLogs)', async () => {
    const { devnet, base, adapter } = await testbed.scenario()
    await adapter.observe(base + 5) // cold: Multicall3 probe, timelock discovery, backward log scans

    await devnet.commitBatches(1, base + 10)
    await devnet.proveBatches(undefined, base + 12)
    await testbed.mineL2Until(base + 15, 5)
    testbed.l1Proxy.resetCounts()
    testbed.l2Proxy.resetCounts()
    const observation = await adapter.observe(base + 15)
    expect(batchesOf(observation)).toMatchObject({ lastBatchAt: base + 10, lastBatchNumber: 6n })
    expect(rootsOf(observation).lastPostedAt).toBe(base + 12)
    expect(testbed.l2Proxy.requestCount).toBe(1)
    expect(testbed.l1Proxy.requestCount).toBeLessThanOrEqual(3)
    expect(testbed.l1Proxy.requestCount + testbed.l2Proxy.requestCount).toBeLessThanOrEqual(4)
    // One eth_call (Multicall3: head + counters + settlement layer + freeze + delay), one eth_getLogs per event.
    expect(testbed.l1Proxy.methodCounts).toEqual({ eth_call: 1, eth_getLogs: 3 })
    expect(testbed.l2Proxy.methodCounts).toEqual({ eth_getBlockByNumber: 3 })
  })

  it('state-root-validity: the newest BlockCommit batch hash against zks_getL1BatchDetails(batch).rootHash, asked once per batch', async () => {
    const { devnet, base, adapter } = await testbed.scenario()
    const otherRoots = new Map<bigint, Hex>()
    testbed.l2Proxy.rewriteResults(serveBatchDetails(devnet, otherRoots))
    expect(judge(await adapter.observe(base + 5), base + 5)['state-root-validity']).toMatchObject({
      status: 'ok',
      reason: `batch #5 matches the L2 (${devnet.batchHashes.get(5n)})`,
    })
    // Steady tick, no new commit: the verdict comes from memory.
    testbed.l2Proxy.resetCounts()
    expect(judge(await adapter.observe(base + 6), base + 6)['state-root-validity']?.status).toBe('ok')
    expect(testbed.l2Proxy.methodCounts['zks_getL1BatchDetails']).toBeUndefined()

    // Batch 6 is committed with a hash the L2 never computed.
    otherRoots.set(6n, keccak256(toHex('the L2 state after batch 6')))
    await devnet.commitBatches(1, base + 10)
    testbed.l2Proxy.resetCounts()
    expect(judge(await adapter.observe(base + 15), base + 15)['state-root-validity']).toMatchObject({
      status: 'crit',
      reason: `invalid state root proposed: batch #6 claims ${devnet.batchHashes.get(6n)}, the L2 computes ${otherRoots.get(6n)}`,
      details: { subject: 'batch #6', claimed: devnet.batchHashes.get(6n), computed: otherRoots.get(6n) },
    })
    expect(testbed.l2Proxy.methodCounts['zks_getL1BatchDetails']).toBe(1)
  })

  it('state-root-validity where the L2 RPC has no zks_getL1BatchDetails: unknown once, then absent (never asked again)', async () => {
    const { devnet, base, adapter } = await testbed.scenario()
    expect(judge(await adapter.observe(base + 5), base + 5)['state-root-validity']).toMatchObject({
      status: 'unknown',
      reason: expect.stringContaining('cannot verify batch #5: the L2 RPC has no zks_getL1BatchDetails'),
    })
    await devnet.commitBatches(1, base + 10)
    testbed.l2Proxy.resetCounts()
    expect(judge(await adapter.observe(base + 15), base + 15)['state-root-validity']).toBeUndefined()
    expect(testbed.l2Proxy.methodCounts['zks_getL1BatchDetails']).toBeUndefined()
  })

  it('steady state where the L1 RPC leaves blockTimestamp off logs: new logs\' block times in one more request, 4 in all', async () => {
    const stripper = await startLogTimestampStripper(testbed.l1Proxy.url)
    try {
      const { devnet, base } = await testbed.scenario()
      const adapter = createZksyncAdapter(zksyncChainConfig(stripper.url, testbed.l2Proxy.url, { diamond: devnet.diamond }))
      expect(batchesOf(await adapter.observe(base + 5)).lastBatchAt).toBe(base - 600)

      await devnet.commitBatches(1, base + 10)
      await devnet.proveBatches(undefined, base + 11)
      await devnet.revertBatches(6n, base + 12) // a BlocksRevert log too: all three scans find a new log
      await testbed.mineL2Until(base + 15, 5)
      testbed.l1Proxy.resetCounts()
      testbed.l2Proxy.resetCounts()
      const observation = await adapter.observe(base + 15)
      expect(batchesOf(observation).lastBatchAt).toBe(base + 10)
      expect(rootsOf(observation)).toMatchObject({ lastPostedAt: base + 11, alarms: [{ severity: 'crit' }] })
      expect(testbed.l1Proxy.methodCounts).toEqual({ eth_call: 1, eth_getLogs: 3, eth_getBlockByNumber: 3 })
      expect(testbed.l1Proxy.requestCount).toBe(3)
      expect(testbed.l1Proxy.requestCount + testbed.l2Proxy.requestCount).toBeLessThanOrEqual(4)
    } finally {
      await stripper.stop()
    }
  })

  it('L2 stalls: liveness crit', async () => {
    const { base, adapter } = await testbed.scenario()
    const now = base + 120
    const verdicts = judge(await adapter.observe(now), now)
    expect(statusesOf(verdicts)).toEqual({ liveness: 'crit', 'sequencer-lag': 'ok', 'state-root-finality': 'ok' })
    expect(verdicts.liveness?.reason).toContain('block production stalled')
  })

  it('batch posting stops: no commit on L1 and `safe` (committed) stuck: sequencer-lag crit', async () => {
    const { base, adapter } = await testbed.scenario()
    expect(judge(await adapter.observe(base + 5), base + 5)['sequencer-lag']?.status).toBe('ok')
    const safe = await testbed.l2.rpc<{ number: string }>('eth_getBlockByNumber', ['safe', false])
    testbed.l2Proxy.freezeTag('safe', BigInt(safe.number))
    const now = base + 3_700
    await testbed.mineL2Until(now)

    const verdicts = judge(await adapter.observe(now), now)
    expect(statusesOf(verdicts)).toEqual({ liveness: 'ok', 'sequencer-lag': 'crit', 'state-root-finality': 'ok' })
    expect(verdicts['sequencer-lag']?.details).toMatchObject({ lastBatchAge: 4_300, safeBlock: Number(safe.number) })
    expect(verdicts['sequencer-lag']?.reason).toContain('last batch posted to L1 71 min ago')
    // No force-inclusion countdown: Era users cannot force a transaction past the operator.
    expect(verdicts['sequencer-lag']?.details).not.toHaveProperty('forceInclusionIn')
  })

  it('proofs stop (commits go on): state-root-finality crit after 12 h without a verified batch', async () => {
    const { devnet, base, adapter } = await testbed.scenario()
    await adapter.observe(base + 5)
    const warnAt = base + 4 * 3600
    await devnet.commitBatches(1, warnAt - 60)
    await testbed.mineL2Until(warnAt)
    expect(judge(await adapter.observe(warnAt), warnAt)['state-root-finality']?.status).toBe('warn')

    const now = base + 12 * 3600
    await devnet.commitBatches(1, now - 60)
    await testbed.mineL2Until(now)
    const verdicts = judge(await adapter.observe(now), now)
    expect(statusesOf(verdicts)).toEqual({ liveness: 'ok', 'sequencer-lag': 'ok', 'state-root-finality': 'crit' })
    expect(verdicts['state-root-finality']?.value).toBe(now - (base - 300))
  })

  it('executions stop (proofs go on): the finalized L2 state ages from warn to crit', async () => {
    const { devnet, base, adapter } = await testbed.scenario()
    const finalized = await testbed.l2.rpc<{ number: string; timestamp: string }>('eth_getBlockByNumber', ['finalized', false])
    testbed.l2Proxy.freezeTag('finalized', BigInt(finalized.number))

    const warnAt = Number(finalized.timestamp) + 1.5 * devnetExecutionDelay + 10
    await devnet.commitBatches(1, warnAt - 120)
    await devnet.proveBatches(undefined, warnAt - 60)
    await testbed.mineL2Until(warnAt)
    const warn = judge(await adapter.observe(warnAt), warnAt)
    expect(warn['state-root-finality']).toMatchObject({ status: 'warn', details: { finalizedAge: 1.5 * devnetExecutionDelay + 10 } })
    expect(warn['state-root-finality']?.reason).toContain('finalized L2 state 4 h 30 min old (warn)')

    const critAt = Number(finalized.timestamp) + 2 * devnetExecutionDelay + 10
    await devnet.commitBatches(1, critAt - 120)
    await devnet.proveBatches(undefined, critAt - 60)
    await testbed.mineL2Until(critAt)
    const verdicts = judge(await adapter.observe(critAt), critAt)
    expect(statusesOf(verdicts)).toEqual({ liveness: 'ok', 'sequencer-lag': 'ok', 'state-root-finality': 'crit' })
    expect(verdicts['state-root-finality']?.details?.finalizedAge).toBe(2 * devnetExecutionDelay + 10)
  })

  it('deposits: the oldest priority tx not executed on L1, aged from its NewPriorityRequest (looked up once, with the other log scans); no enforced inclusion on ZKsync Era', async () => {
    const { devnet, base, adapter } = await testbed.scenario()
    const judgeDeposits = async (now: number) => deposits(await adapter.observe(now), defaultThresholds.zksync, now)!
    expect(await judgeDeposits(base + 5)).toMatchObject({ status: 'ok', value: 0, reason: 'no L1→L2 message waiting (0 of 0 priority transactions processed on L1)' })

    // A deposit, put into the next batch by an honest operator: it waits until that batch executes on L1.
    const { txId, l1Block } = await devnet.requestPriorityTx(base + 10)
    await devnet.commitBatches(1, base + 20)
    testbed.l1Proxy.resetCounts()
    const waiting = await judgeDeposits(base + 30)
    expect(waiting).toMatchObject({ status: 'ok', value: 20, details: { pending: 1, oldest: `priority tx #${txId}`, l1Block: Number(l1Block) } })
    expect(waiting.reason).toBe(
      `oldest L1→L2 message waits 20 s: priority tx #0, L1 block #${l1Block} (0 of 1 priority transactions processed on L1); ZKsync Era has no enforced inclusion per L2BEAT (unconfirmed today): only the operator can process the priority queue`,
    )
    // Its NewPriorityRequestId lookup shares the log-scan request: Multicall3 + one batch of eth_getLogs.
    expect(testbed.l1Proxy.requestCount).toBe(2)
    expect(testbed.l1Proxy.methodCounts).toEqual({ eth_call: 1, eth_getLogs: 4 })
    await mineBlocks(testbed.l1, 1, { timestamp: base + 35 }) // a new L1 block: the event scans run, not the lookup
    testbed.l1Proxy.resetCounts()
    expect((await judgeDeposits(base + 40)).value).toBe(30)
    expect(testbed.l1Proxy.methodCounts).toEqual({ eth_call: 1, eth_getLogs: 3 }) // the same id: not looked up again

    await devnet.proveBatches(undefined, base + 50)
    await devnet.executeBatches(undefined, base + 20 + devnetExecutionDelay)
    expect(await judgeDeposits(base + 30 + devnetExecutionDelay)).toMatchObject({ status: 'ok', value: 0, reason: expect.stringContaining('1 of 1 priority transactions processed') })

    // An operator that leaves the next one out while batches go on executing: warn after 6 h, crit after 12 h.
    await devnet.setLeavesOutPriorityTxs(true)
    const t = base + 100 + devnetExecutionDelay
    const left = await devnet.requestPriorityTx(t)
    await devnet.commitBatches(1, t + 60)
    await devnet.proveBatches(undefined, t + 120)
    await devnet.executeBatches(undefined, t + 60 + devnetExecutionDelay)
    expect(await devnet.counters()).toMatchObject({ executed: 7n })
    expect((await judgeDeposits(t + 6 * 3600 - 1)).status).toBe('ok')
    expect((await judgeDeposits(t + 6 * 3600)).status).toBe('warn')
    const stuck = await judgeDeposits(t + 12 * 3600)
    expect(stuck).toMatchObject({ status: 'crit', value: 12 * 3600 })
    expect(stuck.reason).toBe(
      `L1→L2 message not executed on L1 for 12 h: priority tx #1, L1 block #${left.l1Block} (1 of 2 priority transactions processed on L1); ZKsync Era has no enforced inclusion per L2BEAT (unconfirmed today): only the operator can process the priority queue`,
    )
    await devnet.setLeavesOutPriorityTxs(false)
  })

  it('deposits on a diamond from before NewPriorityRequestId: the oldest request found by NewPriorityRequest\'s txId; a failed read is unknown', async () => {
    const { devnet, base, adapter } = await testbed.scenario()
    await devnet.setWithoutPriorityRequestId(true)
    const first = await devnet.requestPriorityTx(base + 10)
    await devnet.requestPriorityTx(base + 20)
    const verdict = deposits(await adapter.observe(base + 70), defaultThresholds.zksync, base + 70)!
    expect(verdict).toMatchObject({ status: 'ok', value: 60, details: { pending: 2, oldest: `priority tx #${first.txId}`, l1Block: Number(first.l1Block) } })
    expect(verdict.reason).toContain('(2 waiting)')

    const fresh = createZksyncAdapter(zksyncChainConfig(testbed.l1Proxy.url, testbed.l2Proxy.url, { diamond: devnet.diamond }))
    testbed.l1Proxy.setDown(true)
    expect(deposits(await fresh.observe(base + 80), defaultThresholds.zksync, base + 80)).toBeUndefined() // never seen: absent
    testbed.l1Proxy.setDown(false)
    await fresh.observe(base + 90)
    testbed.l1Proxy.setDown(true)
    expect(deposits(await fresh.observe(base + 100), defaultThresholds.zksync, base + 100)).toMatchObject({ status: 'unknown', value: null })
  })

  it('works on an L1 without Multicall3 (eth_blockNumber and eth_calls in one JSON-RPC batch)', async () => {
    const bare = await startAnvil()
    const proxy = await startRpcProxy(bare.url)
    try {
      const devnet = await deployZksync(bare, { executionDelay: devnetExecutionDelay, multicall3: false })
      expect(await bare.rpc('eth_getCode', ['0xcA11bde05977b3631167028862bE2a173976CA11', 'latest'])).toBe('0x')
      const t0 = (await latestBlock(bare)).timestamp + 10
      await devnet.commitBatches(2, t0)
      await devnet.proveBatches(undefined, t0 + 5)
      const adapter = createZksyncAdapter(zksyncChainConfig(proxy.url, testbed.l2Proxy.url, { diamond: devnet.diamond }))
      await adapter.observe(t0 + 10)
      await devnet.commitBatches(1, t0 + 20)
      proxy.resetCounts()
      const observation = await adapter.observe(t0 + 30)
      expect(batchesOf(observation)).toMatchObject({ lastBatchAt: t0 + 20, lastBatchNumber: 3n })
      expect(rootsOf(observation).lastPostedAt).toBe(t0 + 5)
      expect(observation.parameters?.finalityPeriodSeconds).toBe(devnetExecutionDelay)
      expect(proxy.requestCount).toBeLessThanOrEqual(3)
      expect(proxy.methodCounts).toMatchObject({ eth_blockNumber: 1, eth_call: 9, eth_getLogs: 3 })
    } finally {
      await proxy.stop()
      await bare.stop()
    }
  })
})
