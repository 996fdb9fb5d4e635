import { toEventSelector, toFunctionSelector, type AbiEvent, type AbiFunction } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  commitBatchEvent,
  l1MessageQueueV2Abi,
  revertBatchEvents,
  scrollChainAbi,
  scrollSystemConfigAbi,
} from '../../functions/chains/scroll/abis.js'
import { createScrollAdapter } from '../../functions/chains/scroll/createScrollAdapter.js'
import { resolveThresholds } from '../../functions/checks/defaultThresholds.js'
import { runChecks } from '../../functions/checks/runChecks.js'
import { validateConfig } from '../../functions/config/parseConfig.js'
import type { ScrollChainConfig } from '../../functions/config/schema.js'
import type { BatchObservation, CheckName, Observation, StateRootObservation, Verdict } from '../../functions/types.js'
import { type Anvil, latestBlock, mineBlocks, startAnvil } from '../devnet/anvil.js'
import { type RpcProxy, startRpcProxy } from '../devnet/rpcProxy.js'
import { deployScroll, type DeployScrollOptions, type ScrollDevnet } from '../devnet/scrollDevnet.js'
import { artifact } from '../devnet/solc.js'

function chainConfig(l1: string, l2: string, contracts: ScrollChainConfig['contracts']): ScrollChainConfig {
  const config = validateConfig({ chains: [{ name: 'scroll-devnet', stack: 'scroll', l1Rpc: [l1], l2Rpc: [l2], contracts }] })
  return config.chains[0] as ScrollChainConfig
}

function batches(observation: Observation): BatchObservation {
  if (!observation.batches?.ok) throw new Error(`batches not read: ${JSON.stringify(observation.batches)}`)
  return observation.batches.value
}

function roots(observation: Observation): StateRootObservation {
  if (!observation.stateRoots?.ok) throw new Error(`state roots not read: ${JSON.stringify(observation.stateRoots)}`)
  return observation.stateRoots.value
}

function verdicts(observation: Observation, now: number): Record<CheckName, Verdict> {
  const results = runChecks(observation, resolveThresholds('scroll', undefined, observation.parameters), now)
  return Object.fromEntries(results.map((verdict) => [verdict.check, verdict])) as Record<CheckName, Verdict>
}

const statuses = (observation: Observation, now: number) =>
  Object.fromEntries(Object.values(verdicts(observation, now)).map((verdict) => [verdict.check, verdict.status]))

describe('Scroll contracts on the devnet expose the real selectors and topics', () => {
  it('matches l2-data-sources.md §4 and the adapter ABI', () => {
    const expectedFunctions = {
      'miscData()': '0x06582acb',
      'lastFinalizedBatchIndex()': '0x059def61',
      'isBatchFinalized(uint256)': '0x116a1f42',
      'finalizedStateRoots(uint256)': '0x2571098d',
      'committedBatches(uint256)': '0x2362f03e',
      'isEnforcedModeEnabled()': '0xaacb5fd6',
      'paused()': '0x5c975abb',
    }
    const expectedEvents = {
      'CommitBatch(uint256,bytes32)': '0x2c32d4ae151744d0bf0b9464a3e897a1d17ed2f1af71f7c9a75f12ce0d28238f',
      'FinalizeBatch(uint256,bytes32,bytes32,bytes32)': '0x26ba82f907317eedc97d0cbef23de76a43dd6edb563bdb6e9407645b950a7a2d',
      'RevertBatch(uint256,bytes32)': '0x00cae2739091badfd91c373f0a16cede691e0cd25bb80cff77dd5caeb4710146',
      'RevertBatch(uint256,uint256)': '0x9ee73ead2e4d8c2933d5fb9be41cbdf5c477dcb07e441b4b082c6797e4b6fde3',
      'UpdateEnforcedBatchMode(bool,uint256)': '0xd6756219c796b0d9bf065e40dcf1deea84ecb37744e35eb8ad8d89994bbfd0b5',
    }
    const compiled = artifact('ScrollChain', 'scroll').abi
    const compiledSelectors = compiled.filter((item): item is AbiFunction => item.type === 'function').map((f) => toFunctionSelector(f))
    const compiledTopics = compiled.filter((item): item is AbiEvent => item.type === 'event').map((e) => toEventSelector(e))
    for (const [signature, selector] of Object.entries(expectedFunctions)) {
      expect(toFunctionSelector(signature)).toBe(selector)
      expect(compiledSelectors).toContain(selector)
    }
    for (const [signature, topic] of Object.entries(expectedEvents)) {
      expect(toEventSelector(signature)).toBe(topic)
      expect(compiledTopics).toContain(topic)
    }
    const selectorsOf = (name: string) =>
      artifact(name, 'scroll').abi.filter((item): item is AbiFunction => item.type === 'function').map((f) => toFunctionSelector(f))
    expect(selectorsOf('SystemConfig')).toContain('0xfe3ec6d3') // enforcedBatchParameters()

    // What the adapter calls and scans for is what the devnet contracts expose.
    for (const item of scrollChainAbi) expect(compiledSelectors).toContain(toFunctionSelector(item))
    for (const event of [commitBatchEvent, ...revertBatchEvents]) expect(compiledTopics).toContain(toEventSelector(event))
    for (const item of scrollSystemConfigAbi) expect(selectorsOf('SystemConfig')).toContain(toFunctionSelector(item))
    for (const item of l1MessageQueueV2Abi) expect(selectorsOf('L1MessageQueueV2')).toContain(toFunctionSelector(item))
  })
})

describe('Scroll adapter on anvil', () => {
  let l1: Anvil
  let l2: Anvil
  let l1Proxy: RpcProxy
  let l2Proxy: RpcProxy

  beforeAll(async () => {
    ;[l1, l2] = await Promise.all([startAnvil(), startAnvil({ slotsInAnEpoch: 4 })])
    ;[l1Proxy, l2Proxy] = await Promise.all([startRpcProxy(l1.url), startRpcProxy(l2.url)])
  })
  afterAll(async () => {
    await Promise.all([l1Proxy?.stop(), l2Proxy?.stop()])
    await Promise.all([l1?.stop(), l2?.stop()])
  })

  /** A time after every block on both chains: each scenario runs on its own stretch of the shared timeline. */
  async function freshTime(): Promise<number> {
    const [a, b] = await Promise.all([latestBlock(l1), latestBlock(l2)])
    return Math.max(a.timestamp, b.timestamp) + 100
  }

  /** L2 blocks every 3 s (up to 20 of them, after the current head), the newest at `until`. */
  async function mineL2Until(until: number): Promise<void> {
    const head = (await latestBlock(l2)).timestamp
    const count = Math.max(1, Math.min(20, Math.floor((until - head) / 3)))
    await mineBlocks(l2, count, { timestamp: until - 3 * (count - 1), interval: 3 })
  }

  /** A fresh ScrollChain with batches 1–3 committed at t0+10/20/40 and 1–2 finalized at t0+30. */
  async function healthyChain(t0: number, options: DeployScrollOptions = {}): Promise<ScrollDevnet> {
    const devnet = await deployScroll(l1, { timestamp: t0, ...options })
    await devnet.commitBatch(t0 + 10)
    await devnet.commitBatch(t0 + 20)
    await devnet.finalize({ timestamp: t0 + 30 })
    await devnet.commitBatch(t0 + 40)
    return devnet
  }

  it('healthy: every check ok, the countdown to enforced mode runs from the last finalization, parameters read live', async () => {
    const t0 = await freshTime()
    const devnet = await healthyChain(t0)
    await mineL2Until(t0 + 60)
    const adapter = createScrollAdapter(chainConfig(l1Proxy.url, l2Proxy.url, { scrollChain: devnet.scrollChain }))
    const now = t0 + 65
    const observation = await adapter.observe(now)

    expect(observation).toMatchObject({ chain: 'scroll-devnet', stack: 'scroll', l2: { ok: true } })
    expect(batches(observation)).toEqual({
      source: 'scroll-commits',
      lastBatchAt: t0 + 40,
      lastBatchNumber: 3n,
      // lastBatchAt + window = lastFinalizeTimestamp + maxDelayEnterEnforcedMode
      forceInclusionWindowSeconds: t0 + 30 + 86_400 - (t0 + 40),
    })
    const finalized = await l2.rpc<{ number: string; timestamp: string }>('eth_getBlockByNumber', ['finalized', false])
    expect(roots(observation)).toEqual({
      source: 'scroll-batches',
      lastPostedAt: t0 + 30,
      finalizedL2Block: BigInt(finalized.number),
      finalizedL2Timestamp: Number(finalized.timestamp),
    })
    // `safe` has no documented meaning on Scroll's l2geth: not reported.
    expect(observation.l2.ok && observation.l2.value.safe).toBeUndefined()
    expect(observation.parameters).toEqual({ blockTimeSeconds: 3, forceInclusionWindowSeconds: 86_400 })

    const results = verdicts(observation, now)
    expect(Object.values(results).map((v) => [v.check, v.status])).toEqual([
      ['liveness', 'ok'],
      ['sequencer-lag', 'ok'],
      ['state-root-finality', 'ok'],
      ['rpc-unavailable', 'ok'],
      ['deposits', 'ok'],
    ])
    // Derived from the chain: 15×/60× of 3 s blocks; 1/24 and 1/12 of the 1 d enforced-mode delay.
    expect(results.liveness.threshold).toEqual({ warn: 45, crit: 180 })
    expect(results['sequencer-lag']).toMatchObject({
      value: 25,
      threshold: { warn: 3600, crit: 7200 },
      details: { lastBatchAge: 25, forceInclusionIn: t0 + 30 + 86_400 - now },
    })
    expect(results['state-root-finality']).toMatchObject({ value: 35, details: { finalizedAge: now - Number(finalized.timestamp) } })
  })

  it('steady state: at most 4 HTTP requests per tick (1 L2, 1 L1 multicall, 1 L1 batch of log scans, 1 block for a new commit)', async () => {
    const t0 = await freshTime()
    const devnet = await healthyChain(t0)
    await mineL2Until(t0 + 60)
    const adapter = createScrollAdapter(chainConfig(l1Proxy.url, l2Proxy.url, { scrollChain: devnet.scrollChain }))
    await adapter.observe(t0 + 65)

    await mineBlocks(l1, 1, { timestamp: t0 + 70 }) // a new L1 block without Scroll logs
    l1Proxy.resetCounts()
    l2Proxy.resetCounts()
    const quiet = await adapter.observe(t0 + 80)
    expect(batches(quiet).lastBatchAt).toBe(t0 + 40)
    expect(l2Proxy.requestCount).toBe(1)
    expect(l1Proxy.requestCount).toBe(2)
    expect(l1Proxy.methodCounts).toEqual({ eth_call: 1, eth_getLogs: 2 })

    await devnet.commitBatch(t0 + 90)
    l1Proxy.resetCounts()
    l2Proxy.resetCounts()
    const busy = await adapter.observe(t0 + 95)
    expect(batches(busy)).toMatchObject({ lastBatchAt: t0 + 90, lastBatchNumber: 4n })
    expect(l1Proxy.requestCount + l2Proxy.requestCount).toBeLessThanOrEqual(4)
  })

  it('a provider capping eth_getLogs ranges: unknown while the scans adapt (never a guess), then the right batch', async () => {
    const t0 = await freshTime()
    const devnet = await healthyChain(t0)
    await mineBlocks(l1, 120, { timestamp: t0 + 50 }) // the newest CommitBatch now lies 120 blocks back
    await mineL2Until(t0 + 200)
    const adapter = createScrollAdapter(chainConfig(l1Proxy.url, l2Proxy.url, { scrollChain: devnet.scrollChain }))
    l1Proxy.capLogRange(8)
    try {
      const seen: string[] = []
      let observation: Observation | undefined
      for (let tick = 0; tick < 10 && !observation?.batches?.ok; tick++) {
        observation = await adapter.observe(t0 + 200 + tick)
        if (!observation.batches?.ok) seen.push(observation.batches?.error ?? 'missing')
      }
      expect(seen.length).toBeGreaterThan(0)
      for (const error of seen) expect(error).toMatch(/log scan needs more than/)
      expect(batches(observation!)).toMatchObject({ lastBatchAt: t0 + 40, lastBatchNumber: 3n })
      expect(roots(observation!).lastPostedAt).toBe(t0 + 30) // finalization needs no log scan: read all along
    } finally {
      l1Proxy.capLogRange(null)
    }
  })

  it('an L2 RPC without `finalized` (no --rollup.verify): no finalized age, block time from the heads of successive ticks', async () => {
    const t0 = await freshTime()
    const devnet = await healthyChain(t0)
    await mineL2Until(t0 + 60)
    const adapter = createScrollAdapter(chainConfig(l1Proxy.url, l2Proxy.url, { scrollChain: devnet.scrollChain }))
    l2Proxy.freezeTag('finalized', 10n ** 9n) // a block the node does not have: the tag read fails
    try {
      const first = await adapter.observe(t0 + 62)
      expect(first.l2.ok && first.l2.value.finalized).toBeUndefined()
      expect(roots(first).finalizedL2Timestamp).toBeUndefined()
      expect(first.parameters?.blockTimeSeconds).toBeUndefined()
      expect(verdicts(first, t0 + 62).liveness.threshold).toEqual({ warn: 45, crit: 180 }) // Scroll's stack default

      await mineL2Until(t0 + 90)
      const second = await adapter.observe(t0 + 92)
      expect(second.parameters?.blockTimeSeconds).toBe(3)
      expect(verdicts(second, t0 + 92)['state-root-finality']).toMatchObject({ status: 'ok', details: { finalizedAge: null } })
    } finally {
      l2Proxy.freezeTag('finalized', null)
    }
  })

  it('L2 stalls: liveness crit', async () => {
    const t0 = await freshTime()
    const devnet = await healthyChain(t0)
    await mineL2Until(t0 + 60)
    const adapter = createScrollAdapter(chainConfig(l1Proxy.url, l2Proxy.url, { scrollChain: devnet.scrollChain }))
    const now = t0 + 60 + 200
    const results = verdicts(await adapter.observe(now), now)
    expect(results.liveness).toMatchObject({ status: 'crit', value: 200 })
    expect(results['sequencer-lag'].status).toBe('ok')
  })

  it('commits stop: sequencer-lag crit with the countdown to enforced mode, then crit once it has run out', async () => {
    const t0 = await freshTime()
    const devnet = await deployScroll(l1, { timestamp: t0 })
    await devnet.commitBatch(t0 + 10)
    await devnet.finalize({ timestamp: t0 + 50 })
    const adapter = createScrollAdapter(chainConfig(l1Proxy.url, l2Proxy.url, { scrollChain: devnet.scrollChain }))

    let now = t0 + 10 + 7300
    await mineL2Until(now - 2)
    let results = verdicts(await adapter.observe(now), now)
    expect(results.liveness.status).toBe('ok')
    expect(results['sequencer-lag']).toMatchObject({
      status: 'crit',
      value: 7300,
      details: { lastBatchAge: 7300, forceInclusionIn: t0 + 50 + 86_400 - now },
    })
    expect(results['sequencer-lag'].reason).toMatch(/last batch posted to L1 2 h 1 min ago; force inclusion possible in 21 h 59 min/)

    now = t0 + 50 + 86_400 + 600
    await mineL2Until(now - 2)
    results = verdicts(await adapter.observe(now), now)
    expect(results['sequencer-lag'].status).toBe('crit')
    expect(results['sequencer-lag'].details?.forceInclusionIn).toBe(-600)
    expect(results['sequencer-lag'].reason).toContain('force inclusion possible for 10 min')
  })

  it('finalization stops while commits go on: state-root-finality crit; a stale L2 `finalized` block is crit too', async () => {
    const t0 = await freshTime()
    const devnet = await healthyChain(t0)
    const now = t0 + 30 + 22_000
    await devnet.commitBatch(now - 30)
    await mineL2Until(now - 2)
    const adapter = createScrollAdapter(chainConfig(l1Proxy.url, l2Proxy.url, { scrollChain: devnet.scrollChain }))
    let results = verdicts(await adapter.observe(now), now)
    expect(results['state-root-finality']).toMatchObject({ status: 'crit', value: 22_000 })
    expect(results['state-root-finality'].reason).toContain('last finalized batch posted 6 h 6 min ago')
    expect(results['sequencer-lag']).toMatchObject({ status: 'ok', details: { forceInclusionIn: t0 + 30 + 86_400 - now } })

    // Finalization resumes on L1 but the L2 node's `finalized` head is 13 h old (threshold 4 h / 12 h).
    await devnet.finalize({ timestamp: now + 10 })
    const stale = await l2.rpc<{ number: string; timestamp: string }>('eth_getBlockByNumber', ['latest', false])
    const later = now + 13 * 3600
    await mineL2Until(later - 2)
    l2Proxy.freezeTag('finalized', BigInt(stale.number))
    try {
      results = verdicts(await adapter.observe(later), later)
      expect(results['state-root-finality'].status).toBe('crit')
      expect(results['state-root-finality'].details?.finalizedAge).toBe(later - Number(stale.timestamp))
    } finally {
      l2Proxy.freezeTag('finalized', null)
    }
  })

  it('enforced mode turns on: crit alarm (plus the revert of unfinalized batches); off again, the revert warns for an hour', async () => {
    const t0 = await freshTime()
    const devnet = await deployScroll(l1, { timestamp: t0 })
    await devnet.commitBatch(t0 + 10)
    await devnet.finalize({ timestamp: t0 + 20 })
    await devnet.commitBatch(t0 + 30) // never finalized
    const adapter = createScrollAdapter(chainConfig(l1Proxy.url, l2Proxy.url, { scrollChain: devnet.scrollChain }))

    const deadline = t0 + 20 + 86_400
    let now = deadline - 100
    await mineL2Until(now - 2)
    expect(verdicts(await adapter.observe(now), now)['sequencer-lag'].details?.forceInclusionIn).toBe(100)
    // Too early: the contract refuses anyone's batch.
    await expect(devnet.commitAndFinalizeAsAnyone(now)).rejects.toThrow(/ErrorNotInEnforcedBatchMode/)

    await devnet.commitAndFinalizeAsAnyone(deadline + 5)
    expect((await devnet.miscData()).flags & 2).toBe(2)
    now = deadline + 60
    await mineL2Until(now - 2)
    let observation = await adapter.observe(now)
    expect(batches(observation)).toMatchObject({ lastBatchAt: deadline + 5, lastBatchNumber: 2n })
    expect(batches(observation).forceInclusionWindowSeconds).toBeUndefined()
    expect(batches(observation).alarms).toEqual([
      { severity: 'crit', message: expect.stringMatching(/^enforced \(permissionless\) batch mode is ON/) },
      { severity: 'warn', message: 'batch #2 reverted on L1 55 s ago (committed L2 blocks rolled back)' },
    ])
    let results = verdicts(observation, now)
    expect(results['sequencer-lag'].status).toBe('crit')
    expect(results['sequencer-lag'].reason).toContain('enforced (permissionless) batch mode is ON')
    expect(results['state-root-finality']).toMatchObject({ status: 'ok', value: 55 }) // the enforced batch was finalized

    await devnet.disableEnforcedMode(now + 10)
    await devnet.commitBatch(now + 20)
    now += 30
    await mineL2Until(now - 2)
    observation = await adapter.observe(now)
    expect(batches(observation).alarms).toEqual([{ severity: 'warn', message: expect.stringContaining('batch #2 reverted') }])
    expect(verdicts(observation, now)['sequencer-lag'].status).toBe('warn')

    now = deadline + 5 + 3600
    await mineL2Until(now - 2)
    observation = await adapter.observe(now)
    expect(batches(observation).alarms).toBeUndefined()
  })

  it('an L1 message left unfinalized starts the enforced-mode clock earlier (maxDelayMessageQueue)', async () => {
    const t0 = await freshTime()
    const devnet = await deployScroll(l1, { timestamp: t0, maxDelayMessageQueue: 7200 })
    await devnet.enqueueMessage(t0 + 5)
    await devnet.commitBatch(t0 + 10)
    await devnet.finalize({ timestamp: t0 + 20 }) // the batch did not include the message
    await mineL2Until(t0 + 98)
    const adapter = createScrollAdapter(chainConfig(l1Proxy.url, l2Proxy.url, { scrollChain: devnet.scrollChain }))
    let now = t0 + 100
    expect(verdicts(await adapter.observe(now), now)['sequencer-lag'].details?.forceInclusionIn).toBe(t0 + 5 + 7200 - now)

    await devnet.commitBatch(t0 + 110)
    await devnet.finalize({ messages: 1n, timestamp: t0 + 120 })
    now = t0 + 130
    expect(verdicts(await adapter.observe(now), now)['sequencer-lag'].details?.forceInclusionIn).toBe(t0 + 120 + 86_400 - now)
  })

  it('a paused ScrollChain is crit; an owner revert of committed batches warns', async () => {
    const t0 = await freshTime()
    const devnet = await healthyChain(t0)
    const adapter = createScrollAdapter(chainConfig(l1Proxy.url, l2Proxy.url, { scrollChain: devnet.scrollChain }))
    await devnet.revertAfter(2n, t0 + 50)
    await devnet.setPaused(true, t0 + 60)
    await mineL2Until(t0 + 68)
    const now = t0 + 70
    const observation = await adapter.observe(now)
    expect(batches(observation)).toMatchObject({ lastBatchNumber: 2n, alarms: [{ severity: 'warn', message: expect.stringContaining('batch #3 reverted') }] })
    expect(roots(observation).alarms).toEqual([{ severity: 'crit', message: expect.stringContaining('ScrollChain is paused') }])
    expect(statuses(observation, now)).toMatchObject({ liveness: 'ok', 'sequencer-lag': 'warn', 'state-root-finality': 'crit' })
  })

  it('without a SystemConfig getter the countdown needs contracts.systemConfig', async () => {
    const t0 = await freshTime()
    const devnet = await healthyChain(t0, { exposeSystemConfig: false })
    await mineL2Until(t0 + 60)
    const bare = await createScrollAdapter(chainConfig(l1.url, l2.url, { scrollChain: devnet.scrollChain })).observe(t0 + 65)
    expect(batches(bare).forceInclusionWindowSeconds).toBeUndefined()
    expect(bare.parameters?.forceInclusionWindowSeconds).toBeUndefined()
    expect(verdicts(bare, t0 + 65)['sequencer-lag'].threshold).toEqual({ warn: 900, crit: 3600 }) // stack defaults

    const configured = await createScrollAdapter(
      chainConfig(l1.url, l2.url, { scrollChain: devnet.scrollChain, systemConfig: devnet.systemConfig }),
    ).observe(t0 + 65)
    expect(configured.parameters?.forceInclusionWindowSeconds).toBe(86_400)
  })

  it('RPC down: unknown, never ok', async () => {
    const t0 = await freshTime()
    const devnet = await healthyChain(t0)
    await mineL2Until(t0 + 60)
    const adapter = createScrollAdapter(chainConfig(l1Proxy.url, l2Proxy.url, { scrollChain: devnet.scrollChain }))
    expect(statuses(await adapter.observe(t0 + 65), t0 + 65)['sequencer-lag']).toBe('ok')

    l1Proxy.setDown('503')
    try {
      const observation = await adapter.observe(t0 + 80)
      expect(observation.batches).toMatchObject({ ok: false })
      expect(observation.stateRoots).toMatchObject({ ok: false })
      expect(statuses(observation, t0 + 80)).toEqual({
        liveness: 'ok',
        'sequencer-lag': 'unknown',
        'state-root-finality': 'unknown',
        'rpc-unavailable': 'unknown',
        deposits: 'unknown',
      })
      // The enforced-mode delay read earlier still shapes the thresholds.
      expect(observation.parameters?.forceInclusionWindowSeconds).toBe(86_400)
    } finally {
      l1Proxy.setDown(false)
    }

    l2Proxy.setDown('reset')
    try {
      const observation = await adapter.observe(t0 + 95)
      const results = verdicts(observation, t0 + 95)
      expect(results.liveness).toMatchObject({ status: 'unknown', value: null })
      expect(results['state-root-finality'].status).toBe('ok') // L1 still answers
    } finally {
      l2Proxy.setDown(false)
    }
  })

  it('a scrollChain address with no contract is an error reading, not ok', async () => {
    const adapter = createScrollAdapter(chainConfig(l1.url, l2.url, { scrollChain: '0x000000000000000000000000000000000000dEaD' }))
    const now = await freshTime()
    const observation = await adapter.observe(now)
    expect(observation.batches).toMatchObject({ ok: false, error: expect.stringContaining('miscData') })
    expect(observation.stateRoots).toMatchObject({ ok: false })
    expect(statuses(observation, now)['state-root-finality']).toBe('unknown')
  })

  it('works on an L1 without Multicall3 (plain calls in one JSON-RPC batch), still 2 L1 requests per quiet tick', async () => {
    const bareL1 = await startAnvil()
    const proxy = await startRpcProxy(bareL1.url)
    try {
      const t0 = (await freshTime()) + 10
      const devnet = await deployScroll(bareL1, { timestamp: t0, multicall3: false })
      await devnet.commitBatch(t0 + 10)
      await devnet.finalize({ timestamp: t0 + 20 })
      expect(await bareL1.rpc('eth_getCode', ['0xcA11bde05977b3631167028862bE2a173976CA11', 'latest'])).toBe('0x')
      await mineL2Until(t0 + 30)
      const adapter = createScrollAdapter(chainConfig(proxy.url, l2.url, { scrollChain: devnet.scrollChain }))
      const first = await adapter.observe(t0 + 35)
      expect(batches(first)).toMatchObject({ lastBatchAt: t0 + 10, lastBatchNumber: 1n, forceInclusionWindowSeconds: 86_410 })
      expect(roots(first).lastPostedAt).toBe(t0 + 20)

      await mineBlocks(bareL1, 1, { timestamp: t0 + 40 })
      proxy.resetCounts()
      await adapter.observe(t0 + 50)
      // eth_call: miscData, paused, enforcedBatchParameters and the queue's three counters (deposits), one batch.
      expect(proxy.methodCounts).toEqual({ eth_call: 6, eth_getBlockByNumber: 1, eth_getLogs: 2 })
      expect(proxy.requestCount).toBe(2)
    } finally {
      await proxy.stop()
      await bareL1.stop()
    }
  })
})
