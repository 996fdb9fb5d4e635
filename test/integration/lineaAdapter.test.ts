import { toEventSelector, toFunctionSelector, type AbiEvent, type AbiFunction } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  dataFinalizedV3Event,
  dataSubmittedV2Event,
  dataSubmittedV3Event,
  l1MessageServiceAbi,
  l2MessageServiceAbi,
  lineaRollupAbi,
  messageSentEvent,
  rollingHashUpdatedL1Event,
} from '../../functions/chains/linea/abis.js'
import { defaultThresholds } from '../../functions/checks/defaultThresholds.js'
import { deposits } from '../../functions/checks/deposits.js'
import { createLineaAdapter } from '../../functions/chains/linea/createLineaAdapter.js'
import { resolveThresholds } from '../../functions/checks/defaultThresholds.js'
import { runChecks } from '../../functions/checks/runChecks.js'
import { validateConfig } from '../../functions/config/parseConfig.js'
import type { LineaChainConfig } from '../../functions/config/schema.js'
import type { BatchObservation, Observation, StateRootObservation, Verdict } from '../../functions/types.js'
import { type Anvil, latestBlock, mineBlocks, startAnvil } from '../devnet/anvil.js'
import { deployL2MessageService, deployLinea, type L2MessageServiceDevnet, type LineaDevnet, pauseType } from '../devnet/lineaDevnet.js'
import { type RpcProxy, startRpcProxy } from '../devnet/rpcProxy.js'
import { artifact } from '../devnet/solc.js'

function chainConfig(l1: string, l2: string | string[], lineaRollup: `0x${string}`, l2MessageService?: `0x${string}`): LineaChainConfig {
  const contracts = { lineaRollup, ...(l2MessageService ? { l2MessageService } : {}) }
  const config = validateConfig({ chains: [{ name: 'linea-devnet', stack: 'linea', l1Rpc: [l1], l2Rpc: Array.isArray(l2) ? l2 : [l2], contracts }] })
  return config.chains[0] as LineaChainConfig
}

function batchesOf(observation: Observation): BatchObservation {
  if (!observation.batches?.ok) throw new Error(`batches not read: ${JSON.stringify(observation.batches)}`)
  return observation.batches.value
}

function rootsOf(observation: Observation): StateRootObservation {
  if (!observation.stateRoots?.ok) throw new Error(`state roots not read: ${JSON.stringify(observation.stateRoots)}`)
  return observation.stateRoots.value
}

/** The checks as a tick runs them, with thresholds derived from what the adapter read. */
function check(observation: Observation, now: number): Record<string, Verdict> {
  const verdicts = runChecks(observation, resolveThresholds('linea', undefined, observation.parameters), now)
  return Object.fromEntries(verdicts.map((verdict) => [verdict.check, verdict]))
}

const statuses = (verdicts: Record<string, Verdict>) => Object.fromEntries(Object.entries(verdicts).map(([name, v]) => [name, v.status]))

describe('Linea signatures', () => {
  it('devnet contract and adapter ABIs carry the documented selectors and topic0s', () => {
    const expected = {
      functions: {
        'currentL2BlockNumber()': '0x695378f5',
        'isPaused(uint8)': '0xbc61e733',
        'stateRootHashes(uint256)': '0x8be745d1',
        'currentFinalizedShnarf()': '0xcd9b9e9a',
        // L2BEAT tracks V3-era submissions by this selector.
        'submitDataAsCalldata((bytes32,bytes32,bytes),bytes32,bytes32)': '0x6854f6bc',
      },
      events: {
        'DataSubmittedV3(bytes32,bytes32,bytes32)': '0x55f4c645c36aa5cd3f443d6be44d7a7a5df9d2100d7139dfc69d4289ee072319',
        'DataSubmittedV2(bytes32,uint256,uint256)': '0x52bd912b0041a6ec8554b0ffae3cc1cb7b137bade0dc9e3f8f0b6758466d5df9',
        'DataFinalizedV3(uint256,uint256,bytes32,bytes32,bytes32)': '0xa0262dc79e4ccb71ceac8574ae906311ae338aa4a2044fd4ec4b99fad5ab60cb',
        'FinalizedStateUpdated(uint256,uint256,uint256,uint256)': '0x32e016ccc5c33419c35caa94023fdeb75143da613fb2ac738ab736404c09fc5d',
      },
    }
    const compiled = artifact('LineaRollup', 'linea').abi
    const compiledSelectors = compiled.filter((item): item is AbiFunction => item.type === 'function').map((f) => toFunctionSelector(f))
    const compiledTopics = compiled.filter((item): item is AbiEvent => item.type === 'event').map((e) => toEventSelector(e))
    for (const [signature, selector] of Object.entries(expected.functions)) {
      expect(toFunctionSelector(`function ${signature}`)).toBe(selector)
      expect(compiledSelectors).toContain(selector)
    }
    for (const [signature, topic] of Object.entries(expected.events)) {
      expect(toEventSelector(`event ${signature}`)).toBe(topic)
      expect(compiledTopics).toContain(topic)
    }
    // What the adapter reads and scans for.
    expect(lineaRollupAbi.map((f) => toFunctionSelector(f))).toEqual(['0x695378f5', '0xbc61e733'])
    expect([dataSubmittedV3Event, dataSubmittedV2Event, dataFinalizedV3Event].map((e) => toEventSelector(e))).toEqual([
      expected.events['DataSubmittedV3(bytes32,bytes32,bytes32)'],
      expected.events['DataSubmittedV2(bytes32,uint256,uint256)'],
      expected.events['DataFinalizedV3(uint256,uint256,bytes32,bytes32,bytes32)'],
    ])
  })
})

describe('Linea adapter on anvil L1 + L2', () => {
  let l1: Anvil
  let l2: Anvil
  let devnet: LineaDevnet
  let l1Proxy: RpcProxy
  let l2Proxy: RpcProxy
  let adapter: ReturnType<typeof createLineaAdapter>
  let base: number

  const requests = () => l1Proxy.requestCount + l2Proxy.requestCount
  const resetCounts = () => {
    l1Proxy.resetCounts()
    l2Proxy.resetCounts()
  }
  /** L2 blocks 2 s apart, the newest at `until` (enough of them that `finalized` sits among them). */
  const produceL2Blocks = (until: number, count = 12) => mineBlocks(l2, count, { timestamp: until - 2 * (count - 1), interval: 2 })
  const l2Timestamp = async (block: bigint) =>
    Number((await l2.rpc<{ timestamp: string }>('eth_getBlockByNumber', [`0x${block.toString(16)}`, false])).timestamp)

  beforeAll(async () => {
    ;[l1, l2] = await Promise.all([startAnvil(), startAnvil({ slotsInAnEpoch: 4, chainId: 59144 })])
    devnet = await deployLinea(l1)
    ;[l1Proxy, l2Proxy] = await Promise.all([startRpcProxy(l1.url), startRpcProxy(l2.url)])
    base = (await latestBlock(l1)).timestamp + 2000
    // L1: L2 blocks up to #20 finalized 20 min before `base`, data submitted 5 min before.
    await devnet.finalize({ endBlock: 20n, timestamp: base - 1200 })
    await devnet.submitData({ timestamp: base - 300 })
    // L2: 60 blocks 2 s apart, the newest at `base`.
    await produceL2Blocks(base, 60)
    adapter = createLineaAdapter(chainConfig(l1Proxy.url, l2Proxy.url, devnet.lineaRollup))
  })

  afterAll(async () => {
    await Promise.all([l1Proxy?.stop(), l2Proxy?.stop()])
    await Promise.all([l1?.stop(), l2?.stop()])
  })

  it('healthy: every check ok, measured from the chains', async () => {
    const now = base + 5
    const observation = await adapter.observe(now)
    expect(observation).toMatchObject({ chain: 'linea-devnet', stack: 'linea', l2: { ok: true } })
    // `safe` is not used on Linea (its meaning there is unverified); `finalized` is.
    expect(observation.l2.ok && observation.l2.value.safe).toBeUndefined()
    expect(observation.l2.ok && observation.l2.value.finalized).toBeDefined()
    expect(batchesOf(observation)).toEqual({ source: 'linea-submissions', lastBatchAt: base - 300, alarms: [] })
    expect(rootsOf(observation)).toEqual({
      source: 'linea-finalization',
      lastPostedAt: base - 1200,
      lastPostedL2Block: 20n,
      finalizedL2Block: 20n,
      finalizedL2Timestamp: await l2Timestamp(20n),
      alarms: [],
    })
    expect(observation.parameters).toEqual({ blockTimeSeconds: 2 })

    const verdicts = check(observation, now)
    expect(statuses(verdicts)).toEqual({ liveness: 'ok', 'sequencer-lag': 'ok', 'state-root-finality': 'ok', 'rpc-unavailable': 'ok' })
    expect(verdicts.liveness!.threshold).toEqual({ warn: 30, crit: 120 }) // 15× / 60× the 2 s block time
    expect(verdicts['sequencer-lag']!.value).toBe(305)
    expect(verdicts['state-root-finality']!.value).toBe(1205)
    expect(verdicts['state-root-finality']!.details?.finalizedAge).toBe(now - (await l2Timestamp(20n)))
  })

  it('steady state: at most 4 HTTP requests per tick, 3 while nothing new lands on L1', async () => {
    await devnet.submitData({ timestamp: base + 10 })
    resetCounts()
    const withSubmission = await adapter.observe(base + 15)
    expect(batchesOf(withSubmission).lastBatchAt).toBe(base + 10)
    expect(requests()).toBeLessThanOrEqual(4)
    // Both log scans share one JSON-RPC batch, after the one Multicall3 call that read the L1 head.
    expect(l1Proxy.requestCount).toBe(2)
    expect(l1Proxy.methodCounts).toEqual({ eth_call: 1, eth_getLogs: 2 })

    // A new L1 block without LineaRollup logs, as every 12 s on Ethereum.
    await mineBlocks(l1, 1, { timestamp: base + 17 })
    resetCounts()
    await adapter.observe(base + 20)
    expect(requests()).toBe(3)
    // No new L1 block at all: nothing to scan.
    resetCounts()
    await adapter.observe(base + 21)
    expect(l1Proxy.methodCounts).toEqual({ eth_call: 1 })

    // A new finalization: its L2 block's timestamp is read once (the `finalized` tag is elsewhere on this devnet).
    await devnet.finalize({ endBlock: 40n, timestamp: base + 25 })
    resetCounts()
    const withFinalization = await adapter.observe(base + 30)
    expect(rootsOf(withFinalization)).toMatchObject({ lastPostedAt: base + 25, lastPostedL2Block: 40n, finalizedL2Block: 40n })
    expect(rootsOf(withFinalization).finalizedL2Timestamp).toBe(await l2Timestamp(40n))
    expect(requests()).toBeLessThanOrEqual(4)
    await mineBlocks(l1, 1, { timestamp: base + 32 })
    resetCounts()
    await adapter.observe(base + 35)
    expect(requests()).toBe(3)
  })

  it('L2 stops producing blocks: liveness crit', async () => {
    const now = base + 200
    const verdicts = check(await adapter.observe(now), now)
    expect(verdicts.liveness).toMatchObject({ status: 'crit', value: 200 })
    expect(verdicts.liveness!.reason).toMatch(/block production stalled/)
    expect(verdicts['sequencer-lag']!.status).toBe('ok')
  })

  it('no data submitted to L1 for over an hour while L2 goes on: sequencer-lag crit', async () => {
    const now = base + 4000
    await produceL2Blocks(now - 2)
    const verdicts = check(await adapter.observe(now), now)
    expect(verdicts.liveness!.status).toBe('ok')
    expect(verdicts['sequencer-lag']).toMatchObject({ status: 'crit', value: now - (base + 10) })
    expect(verdicts['sequencer-lag']!.reason).toMatch(/last batch posted to L1 66 min ago/)
  })

  it('no finalization for over 6 h while data is submitted: state-root-finality crit; a new one clears it', async () => {
    const now = base + 25 + 22_000
    await devnet.submitData({ timestamp: now - 60 })
    await produceL2Blocks(now - 2)
    const stalled = check(await adapter.observe(now), now)
    expect(statuses(stalled)).toMatchObject({ liveness: 'ok', 'sequencer-lag': 'ok', 'state-root-finality': 'crit' })
    expect(stalled['state-root-finality']!.value).toBe(22_000)
    expect(stalled['state-root-finality']!.reason).toMatch(/last finalization posted 6 h 6 min ago \(L2 #40\)/)

    const head = BigInt((await latestBlock(l2)).number)
    await devnet.finalize({ endBlock: head - 10n, timestamp: now + 5 })
    const cleared = await adapter.observe(now + 10)
    expect(rootsOf(cleared)).toMatchObject({ lastPostedL2Block: head - 10n, finalizedL2Block: head - 10n })
    expect(check(cleared, now + 10)['state-root-finality']!.status).toBe('ok')
  })

  it('finalizations land but cover only day-old L2 blocks: state-root-finality crit on the finalized age', async () => {
    const oldBlock = await latestBlock(l2)
    const now = oldBlock.timestamp + 86_400 + 100
    await produceL2Blocks(now)
    await devnet.submitData({ timestamp: now - 60 })
    await devnet.finalize({ endBlock: BigInt(oldBlock.number), timestamp: now - 30 })
    const observation = await adapter.observe(now)
    expect(rootsOf(observation)).toMatchObject({ lastPostedAt: now - 30, finalizedL2Timestamp: oldBlock.timestamp })
    const verdicts = check(observation, now)
    expect(verdicts['state-root-finality']).toMatchObject({ status: 'crit', value: 30, details: { finalizedAge: 86_500 } })
    expect(verdicts['state-root-finality']!.reason).toMatch(/finalized L2 state 24 h 1 min old \(crit\)/)
  })

  describe('pauses', () => {
    let now: number
    beforeAll(async () => {
      now = (await latestBlock(l1)).timestamp + 100
      await devnet.submitData({ timestamp: now - 30 })
      await devnet.finalize({ endBlock: BigInt((await latestBlock(l2)).number) - 2n, timestamp: now - 20 })
      await produceL2Blocks(now)
    })

    it('STATE_DATA_SUBMISSION paused: sequencer-lag crit at once', async () => {
      await devnet.pause(pauseType.stateDataSubmission)
      const observation = await adapter.observe(now)
      expect(batchesOf(observation).alarms).toEqual([{ severity: 'crit', message: expect.stringMatching(/STATE_DATA_SUBMISSION/) }])
      expect(rootsOf(observation).alarms).toEqual([])
      expect(statuses(check(observation, now))).toMatchObject({ 'sequencer-lag': 'crit', 'state-root-finality': 'ok' })
      await devnet.unpause(pauseType.stateDataSubmission)
      expect(check(await adapter.observe(now), now)['sequencer-lag']!.status).toBe('ok')
    })

    it('FINALIZATION paused: state-root-finality crit at once', async () => {
      await devnet.pause(pauseType.finalization)
      const observation = await adapter.observe(now)
      expect(rootsOf(observation).alarms).toEqual([{ severity: 'crit', message: expect.stringMatching(/FINALIZATION/) }])
      const verdicts = check(observation, now)
      expect(statuses(verdicts)).toMatchObject({ 'sequencer-lag': 'ok', 'state-root-finality': 'crit' })
      expect(verdicts['state-root-finality']!.reason).toMatch(/finalization is paused/)
      await devnet.unpause(pauseType.finalization)
    })

    it('GENERAL paused: both crit', async () => {
      await devnet.pause(pauseType.general)
      const verdicts = check(await adapter.observe(now), now)
      expect(statuses(verdicts)).toMatchObject({ liveness: 'ok', 'sequencer-lag': 'crit', 'state-root-finality': 'crit' })
      expect(verdicts['sequencer-lag']!.reason).toMatch(/GENERAL/)
      await devnet.unpause(pauseType.general)
      expect(statuses(check(await adapter.observe(now), now))).toMatchObject({ 'sequencer-lag': 'ok', 'state-root-finality': 'ok' })
    })
  })

  it('an RPC down is unknown, never ok: L1 down leaves liveness measured; L2 down too makes everything unknown', async () => {
    const now = (await latestBlock(l2)).timestamp + 5
    l1Proxy.setDown('503')
    try {
      const l1Down = await adapter.observe(now)
      expect(observationOk(l1Down)).toEqual({ l2: true, batches: false, stateRoots: false })
      expect(statuses(check(l1Down, now))).toEqual({
        liveness: 'ok',
        'sequencer-lag': 'unknown',
        'state-root-finality': 'unknown',
        'rpc-unavailable': 'unknown',
      })
      l2Proxy.setDown('reset')
      const bothDown = check(await adapter.observe(now), now)
      expect(statuses(bothDown)).toEqual({ liveness: 'unknown', 'sequencer-lag': 'unknown', 'state-root-finality': 'unknown', 'rpc-unavailable': 'unknown' })
      for (const verdict of Object.values(bothDown)) expect(verdict.value).toBeNull()
    } finally {
      l1Proxy.setDown(false)
      l2Proxy.setDown(false)
    }
    expect(statuses(check(await adapter.observe(now), now))).toMatchObject({ liveness: 'ok', 'rpc-unavailable': 'ok' })
  })
})

function observationOk(observation: Observation) {
  return { l2: observation.l2.ok, batches: observation.batches?.ok, stateRoots: observation.stateRoots?.ok }
}

describe('Linea adapter on other deployments', () => {
  let l2: Anvil
  beforeAll(async () => {
    l2 = await startAnvil({ slotsInAnEpoch: 2 })
    await mineBlocks(l2, 30)
  })
  afterAll(() => l2?.stop())

  it('an older deployment: DataSubmittedV2 logs, no Multicall3 (one JSON-RPC batch), pause types before STATE_DATA_SUBMISSION', async () => {
    const l1 = await startAnvil()
    const proxy = await startRpcProxy(l1.url)
    try {
      const devnet = await deployLinea(l1, { multicall3: false, highestPauseType: 8 })
      expect(await l1.rpc('eth_getCode', ['0xcA11bde05977b3631167028862bE2a173976CA11', 'latest'])).toBe('0x')
      const t0 = (await latestBlock(l1)).timestamp + 10
      await devnet.finalize({ endBlock: 5n, timestamp: t0 })
      await devnet.submitDataV2({ startBlock: 6n, endBlock: 9n, timestamp: t0 + 5 })
      const adapter = createLineaAdapter(chainConfig(proxy.url, l2.url, devnet.lineaRollup))
      const first = await adapter.observe(t0 + 30)
      expect(batchesOf(first)).toEqual({ source: 'linea-submissions', lastBatchAt: t0 + 5, alarms: [] })
      expect(rootsOf(first)).toMatchObject({ lastPostedAt: t0, finalizedL2Block: 5n })

      await mineBlocks(l1, 1, { timestamp: t0 + 40 })
      proxy.resetCounts()
      await adapter.observe(t0 + 45)
      // Plain eth_calls and eth_blockNumber in one batch, then both log scans in another.
      expect(proxy.requestCount).toBe(2)
      expect(proxy.methodCounts).toEqual({ eth_call: 7, eth_blockNumber: 1, eth_getLogs: 2 })

      // isPaused(13) reverts on this deployment; its blob and calldata pause types stand in for it.
      await devnet.pause(4)
      expect(batchesOf(await adapter.observe(t0 + 60)).alarms).toEqual([{ severity: 'warn', message: expect.stringMatching(/BLOB_SUBMISSION/) }])
      await devnet.pause(5)
      const both = await adapter.observe(t0 + 75)
      expect(batchesOf(both).alarms).toEqual([{ severity: 'crit', message: expect.stringMatching(/blob and calldata submission are paused/) }])
      expect(check(both, t0 + 75)['sequencer-lag']!.status).toBe('crit')
    } finally {
      await proxy.stop()
      await l1.stop()
    }
  })

  it('nothing ever submitted or finalized: crit, not ok', async () => {
    const l1 = await startAnvil()
    try {
      const devnet = await deployLinea(l1)
      const adapter = createLineaAdapter(chainConfig(l1.url, l2.url, devnet.lineaRollup))
      const now = (await latestBlock(l2)).timestamp + 1
      const observation = await adapter.observe(now)
      expect(batchesOf(observation).lastBatchAt).toBeUndefined()
      expect(rootsOf(observation).lastPostedAt).toBeUndefined()
      expect(statuses(check(observation, now))).toMatchObject({ 'sequencer-lag': 'crit', 'state-root-finality': 'crit' })
    } finally {
      await l1.stop()
    }
  })

  it('a LineaRollup address with no contract is an error reading, not ok', async () => {
    const l1 = await startAnvil()
    try {
      const adapter = createLineaAdapter(chainConfig(l1.url, l2.url, '0x000000000000000000000000000000000000dEaD'))
      const observation = await adapter.observe(Math.floor(Date.now() / 1000))
      expect(observationOk(observation)).toEqual({ l2: true, batches: false, stateRoots: false })
      expect(observation.stateRoots).toMatchObject({ ok: false, error: expect.stringMatching(/currentL2BlockNumber/) })
    } finally {
      await l1.stop()
    }
  })
})

describe('Linea deposits: L1→L2 messages sent on L1 against their anchoring on the L2', () => {
  let l1: Anvil
  let l2: Anvil
  let l1Proxy: RpcProxy
  let l2Proxy: RpcProxy
  let devnet: LineaDevnet
  let service: L2MessageServiceDevnet
  let base: number
  beforeAll(async () => {
    ;[l1, l2] = await Promise.all([startAnvil(), startAnvil({ slotsInAnEpoch: 4, chainId: 59144 })])
    ;[l1Proxy, l2Proxy] = await Promise.all([startRpcProxy(l1.url), startRpcProxy(l2.url)])
    devnet = await deployLinea(l1)
    service = await deployL2MessageService(l2)
    base = Math.max((await latestBlock(l1)).timestamp, (await latestBlock(l2)).timestamp) + 1000
    await devnet.finalize({ endBlock: 1n, timestamp: base - 600 })
    await devnet.submitData({ timestamp: base - 300 })
  })
  afterAll(async () => {
    await Promise.all([l1Proxy?.stop(), l2Proxy?.stop()])
    await Promise.all([l1?.stop(), l2?.stop()])
  })

  it('signatures: nextMessageNumber(), lastAnchoredL1MessageNumber(), MessageSent and RollingHashUpdated as in linea-monorepo', () => {
    // linea-monorepo contracts/src/messaging (2026-06), keccak-256 recomputed; MessageSent as known from Lineascan.
    expect(toFunctionSelector(l1MessageServiceAbi[0])).toBe('0xb837dbe9')
    expect(toFunctionSelector(l2MessageServiceAbi[0])).toBe('0x9340a1d1')
    expect(toEventSelector(messageSentEvent)).toBe('0xe856c2b8bd4eb0027ce32eeaf595c21b0b6b4644b326e5b7bd80a1cf8db72e6c')
    const l1Topics = artifact('LineaRollup', 'linea').abi.filter((item): item is AbiEvent => item.type === 'event').map((e) => toEventSelector(e))
    expect(l1Topics).toEqual(expect.arrayContaining([toEventSelector(messageSentEvent), toEventSelector(rollingHashUpdatedL1Event)]))
    const l2Selectors = artifact('L2MessageService', 'linea').abi.filter((item): item is AbiFunction => item.type === 'function').map((f) => toFunctionSelector(f))
    expect(l2Selectors).toContain(toFunctionSelector(l2MessageServiceAbi[0]))
  })

  it('the oldest unanchored message ages from its L1 block, warn at 40 min, crit at 2 h, "Linea has no forced inclusion"; the anchoring read rides in the L2 head batch', async () => {
    const adapter = createLineaAdapter(chainConfig(l1Proxy.url, l2Proxy.url, devnet.lineaRollup, service.address))
    const judge = async (now: number) => deposits(await adapter.observe(now), defaultThresholds.linea, now)!
    await mineBlocks(l2, 5, { timestamp: base - 8, interval: 2 })
    expect(await judge(base)).toMatchObject({ status: 'ok', value: 0, reason: 'no L1→L2 message waiting (the L2 has anchored 0 of 0 L1 messages)' })

    const first = await devnet.sendMessage({ timestamp: base + 10 })
    await devnet.sendMessage({ timestamp: base + 20 })
    l1Proxy.resetCounts()
    l2Proxy.resetCounts()
    const waiting = await judge(base + 30)
    expect(waiting).toMatchObject({ status: 'ok', value: 20, details: { pending: 2, oldest: 'L1 message #1', l1Block: Number(first.l1Block) } })
    expect(waiting.reason).toBe(
      `oldest L1→L2 message waits 20 s: L1 message #1, L1 block #${first.l1Block} (2 waiting) (the L2 has anchored 0 of 2 L1 messages); Linea has no forced inclusion: only the operator can include it`,
    )
    // One L2 request (heads + lastAnchoredL1MessageNumber), two L1 (Multicall3, then the scans and the lookup).
    expect([l1Proxy.requestCount, l2Proxy.requestCount]).toEqual([2, 1])
    expect(l2Proxy.methodCounts['eth_call']).toBe(1)
    expect(l1Proxy.methodCounts['eth_getLogs']).toBe(3)
    await mineBlocks(l1, 1, { timestamp: base + 35 })
    l1Proxy.resetCounts()
    expect((await judge(base + 40)).value).toBe(30)
    expect(l1Proxy.methodCounts['eth_getLogs']).toBe(2) // the same oldest message: not looked up again

    // The coordinator anchors the first: the second is now the oldest.
    await service.anchor(devnet.sentMessages, 1n, base + 50)
    expect(await judge(base + 60)).toMatchObject({ value: 40, details: { pending: 1, oldest: 'L1 message #2' } })

    // Anchoring stops: warn after 40 min, crit after 2 h; no forced inclusion to count down to.
    expect((await judge(base + 20 + 2399)).status).toBe('ok')
    expect((await judge(base + 20 + 2400)).status).toBe('warn')
    const stuck = await judge(base + 20 + 7200)
    expect(stuck).toMatchObject({ status: 'crit', value: 7200 })
    expect(stuck.reason).toMatch(/^L1→L2 message not on L2 for 2 h: L1 message #2, .*Linea has no forced inclusion: only the operator can include it$/)
    await service.anchor(devnet.sentMessages, 2n, base + 20 + 7210)
    expect(await judge(base + 20 + 7220)).toMatchObject({ status: 'ok', value: 0 })
  })

  it('a failed read is unknown, never ok; without l2MessageService configured the check is absent', async () => {
    const adapter = createLineaAdapter(chainConfig(l1Proxy.url, l2Proxy.url, devnet.lineaRollup, service.address))
    const now = (await latestBlock(l2)).timestamp + 5
    l2Proxy.setDown('503')
    try {
      expect(deposits(await adapter.observe(now), defaultThresholds.linea, now)).toMatchObject({ status: 'unknown', value: null, reason: expect.stringContaining('lastAnchoredL1MessageNumber()') })
    } finally {
      l2Proxy.setDown(false)
    }
    l1Proxy.setDown('503')
    try {
      expect(deposits(await adapter.observe(now), defaultThresholds.linea, now)).toMatchObject({ status: 'unknown', value: null })
    } finally {
      l1Proxy.setDown(false)
    }
    const unconfigured = createLineaAdapter(chainConfig(l1Proxy.url, l2Proxy.url, devnet.lineaRollup))
    expect((await unconfigured.observe(now)).deposits).toBeUndefined()
  })

  it('with several L2 RPCs the anchoring is read on the endpoint whose heads are believed: the first one down leaves deposits measured', async () => {
    const second = await startRpcProxy(l2.url)
    try {
      const adapter = createLineaAdapter(chainConfig(l1Proxy.url, [l2Proxy.url, second.url], devnet.lineaRollup, service.address))
      const now = (await latestBlock(l2)).timestamp + 5
      expect(deposits(await adapter.observe(now), defaultThresholds.linea, now)).toMatchObject({ status: 'ok', details: { pending: 0 } })
      l2Proxy.setDown('503')
      second.resetCounts()
      expect(deposits(await adapter.observe(now), defaultThresholds.linea, now)).toMatchObject({ status: 'ok', details: { pending: 0 } })
      expect(second.methodCounts['eth_call']).toBe(1)
    } finally {
      l2Proxy.setDown(false)
      await second.stop()
    }
  })
})
