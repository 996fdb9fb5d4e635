import type { Hash } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { validateConfig } from '../../functions/config/parseConfig.js'
import { createRuntime, type Runtime } from '../../functions/runtime/createRuntime.js'
import { runTick, type TickResult } from '../../functions/tick.js'
import type { CheckName, Status, Verdict } from '../../functions/types.js'
import { type Anvil, latestBlock, mineBlocks, startAnvil } from '../devnet/anvil.js'
import { type ArbitrumDevnet, deployArbitrum, l2BlockHash } from '../devnet/arbitrumDevnet.js'
import { type RpcProxy, startRpcProxy } from '../devnet/rpcProxy.js'
import { startFakeSlack } from '../fakes/startFakeSlack.js'
import { stackChecks } from '../stackChecks.js'

const slackToken = 'xoxb-test-token'
/** Arbitrum One's force-inclusion delay (maxTimeVariation.delaySeconds). */
const delaySeconds = 86_400
/** 12 h of L1 blocks: the finalized L2 state is normally that old (derived thresholds 18 h / 24 h). */
const confirmPeriodBlocks = 3600

/** End to end on local chains: anvil L1 with the Nitro contracts (Bridge only in the config), anvil L2, dynalite, fake Slack. */
describe('Arbitrum tick on a devnet', () => {
  let l1: Anvil
  let l2: Anvil
  let devnet: ArbitrumDevnet
  let l1Proxy: RpcProxy
  let l2Proxy: RpcProxy
  let slack: Awaited<ReturnType<typeof startFakeSlack>>
  let runtime: Runtime
  let base: number
  let now: number
  let lastBatchAt: number
  let lastBatchBlock: bigint
  /** What sequencer-lag must report: (forceInclusionDeadline(newest batch's L1 block) − L1 head) × 12 s. */
  const forceInclusionIn = async () => Number((await devnet.forceInclusionDeadline(lastBatchBlock)) - BigInt((await latestBlock(l1)).number)) * 12
  const consoleLines: string[] = []

  const tick = () => runTick({ ...runtime, clock: () => now })
  const verdict = (result: TickResult, check: string): Verdict => result.results.find((r) => r.check === check)!
  /** The stack checks (rpc-unavailable and rpc-divergence are about the endpoints, not this stack). */
  const statuses = (result: TickResult) =>
    result.results.filter((r) => !r.check.startsWith('rpc-')).map((r) => [r.check, r.status])
  /** Anvil's blocks carry no l1BlockNumber (no l1-origin) and no operators are configured. */
  const stackStatuses = (overrides: Partial<Record<CheckName, Status>> = {}) =>
    stackChecks('arbitrum', { without: ['rpc-unavailable', 'l1-origin', 'operator-balance'] }).map((check) => [check, overrides[check] ?? 'ok'])

  beforeAll(async () => {
    ;[l1, l2] = await Promise.all([startAnvil(), startAnvil({ slotsInAnEpoch: 4, chainId: 42161 })])
    devnet = await deployArbitrum(l1, { delaySeconds, confirmPeriodBlocks: 5 })
    ;[l1Proxy, l2Proxy, slack] = await Promise.all([startRpcProxy(l1.url), startRpcProxy(l2.url), startFakeSlack({ token: slackToken })])

    base = (await latestBlock(l1)).timestamp + 100_000
    // L2: ten old blocks (the one the confirmed assertion claims is #10), then 50 blocks 2 s apart up to `base`.
    await mineBlocks(l2, 10, { timestamp: base - 50_000, interval: 2 })
    await mineBlocks(l2, 50, { timestamp: base - 98, interval: 2 })
    // L1: an assertion on L2 #10, confirmed after its confirm period; a newer one on #50; the last batch a minute ago.
    const confirmed: Hash = await devnet.createAssertion({ l2BlockHash: await l2BlockHash(l2, 10), timestamp: base - 49_000 })
    await mineBlocks(l1, 5, { timestamp: base - 48_990, interval: 12 })
    await devnet.confirmAssertion(confirmed, base - 5000)
    await devnet.setConfirmPeriodBlocks(confirmPeriodBlocks) // the period the adapter reads and derives thresholds from
    await devnet.createAssertion({ l2BlockHash: await l2BlockHash(l2, 50), timestamp: base - 600 })
    lastBatchAt = base - 60
    lastBatchBlock = (await devnet.postBatch({ timestamp: lastBatchAt })).receipt.blockNumber

    const config = validateConfig({
      chains: [{ name: 'arb-devnet', stack: 'arbitrum', l2Rpc: [l2Proxy.url], l1Rpc: [l1Proxy.url], contracts: { bridge: devnet.bridge } }],
      // Alert on every change; the alert engine's hysteresis has its own tests.
      alerts: { for: 1, clearFor: 1, groupWait: 0, rpcUnavailableAfter: 0 },
      notify: { slack: { channel: 'C0ARB', tokenEnv: 'TEST_SLACK_TOKEN', apiUrl: slack.apiUrl } },
    })
    runtime = await createRuntime({
      config,
      store: { kind: 'embedded' },
      env: { TEST_SLACK_TOKEN: slackToken },
      consoleWrite: (line) => consoleLines.push(line),
    })
  })

  afterAll(async () => {
    await runtime?.close()
    await Promise.all([l1Proxy?.stop(), l2Proxy?.stop(), slack?.stop()])
    await Promise.all([l1?.stop(), l2?.stop()])
  })

  it('healthy: every check ok, thresholds derived from the chain, nothing posted', async () => {
    now = base + 5
    const result = await tick()
    expect(statuses(result)).toEqual(stackStatuses())
    const lag = verdict(result, 'sequencer-lag')
    // 1/24 and 1/12 of delaySeconds; slots-in-an-epoch 4: safe trails latest by 4 blocks of 2 s.
    expect(lag).toMatchObject({ value: 8, threshold: { warn: 3600, crit: 7200 }, details: { blocks: 4, lastBatchAge: now - lastBatchAt } })
    expect(lag.details?.forceInclusionIn).toBe(await forceInclusionIn())
    expect(lag.details?.forceInclusionInBlocks).toBe((await forceInclusionIn()) / 12)
    expect(verdict(result, 'proof-system')).toMatchObject({
      status: 'ok',
      details: { proofSystem: 'arbitrum-bold', rollupKind: 'BoLD', confirmPeriodBlocks, delayBlocks: delaySeconds / 12 },
    })
    const roots = verdict(result, 'state-root-finality')
    expect(roots.value).toBe(605)
    const finalizedAt = Number((await l2.rpc<{ timestamp: string }>('eth_getBlockByNumber', ['0xa', false])).timestamp)
    expect(roots.details).toMatchObject({ finalizedAge: now - finalizedAt, source: 'arbitrum-assertions' })
    expect(roots.reason).toMatch(/^last assertion posted 10 min ago; finalized L2 state 13 h \d+ min old$/)
    expect(result.worst).toBe('ok')
    expect(slack.requests).toHaveLength(0)
  })

  it('batch posting stops while blocks go on: sequencer-lag crit, counting down to force inclusion', async () => {
    await mineBlocks(l2, 100, { timestamp: base + 7300 - 99 * 72, interval: 72 })
    await devnet.createAssertion({ l2BlockHash: await l2BlockHash(l2, 100), timestamp: base + 7000 })
    now = base + 7302
    const result = await tick()
    expect(statuses(result)).toEqual(stackStatuses({ 'sequencer-lag': 'crit' }))
    // The new assertion's block is read by hash now; until its canonical check (next tick), the last result stands.
    expect(verdict(result, 'state-root-validity').details?.l2Block).toBe(50)
    const lag = verdict(result, 'sequencer-lag')
    expect(lag.details?.lastBatchAge).toBe(now - lastBatchAt)
    // Block-based: the L1 clock ran 2 h but few L1 blocks were mined, so most of the delay is left.
    expect(lag.details?.forceInclusionIn).toBe(await forceInclusionIn())
    expect(lag.reason).toMatch(/last batch posted to L1 2 h 2 min ago; force inclusion possible in 23 h \d+ min \(71\d\d L1 blocks\)/)
    expect(slack.requests).toHaveLength(1)
    expect(String(slack.requests[0]!.body.text)).toMatch(/arb-devnet[\s\S]*sequencer-lag[\s\S]*CRIT/)
    expect(consoleLines.some((line) => line.includes('arb-devnet sequencer-lag ok→crit'))).toBe(true)
  })

  it('same status on the next tick: no message, in 2 HTTP requests for the chain (the new assertion\'s canonical check rides in the head batch)', async () => {
    await mineBlocks(l1, 1, { timestamp: base + 7305 })
    l1Proxy.resetCounts()
    l2Proxy.resetCounts()
    now = base + 7310
    const result = await tick()
    expect(verdict(result, 'sequencer-lag').status).toBe('crit')
    expect(verdict(result, 'sequencer-lag').details?.forceInclusionIn).toBe(await forceInclusionIn())
    expect(result.changes).toHaveLength(0)
    // The assertion on L2 #100 created before the last tick, judged now (that tick showed the previous one's result).
    expect(verdict(result, 'state-root-validity')).toMatchObject({ status: 'ok', details: { l2Block: 100 } })
    expect(l2Proxy.requestCount).toBe(1)
    expect(l2Proxy.methodCounts['eth_getBlockByHash']).toBeUndefined()
    // Counters, probes and head only: no counter moved, so no log scan.
    expect(l1Proxy.requestCount).toBe(1)
  })

  it('batches resume: sequencer-lag resolved', async () => {
    lastBatchAt = base + 7320
    lastBatchBlock = (await devnet.postBatch({ timestamp: lastBatchAt })).receipt.blockNumber
    await mineBlocks(l2, 5, { timestamp: base + 7320, interval: 2 })
    now = base + 7330
    const result = await tick()
    expect(statuses(result)).toEqual(stackStatuses())
    expect(verdict(result, 'sequencer-lag').details?.forceInclusionIn).toBe(await forceInclusionIn())
    expect(String(slack.requests.at(-1)!.body.text)).toMatch(/resolved/i)
  })

  it('a governance change of the challenge period: proof-system warns naming both values for 24 h', async () => {
    await devnet.setConfirmPeriodBlocks(45_818)
    try {
      now = base + 7340
      const changedAt = now
      const block = (await latestBlock(l1)).number
      const changed = verdict(await tick(), 'proof-system')
      expect(changed).toMatchObject({ status: 'warn', value: 0 })
      expect(changed.reason).toContain(
        `challenge period changed ${confirmPeriodBlocks} L1 blocks → 45818 L1 blocks at L1 block ${block} (0 s ago): pending withdrawals confirm on the new schedule`,
      )
      now = changedAt + 86_399
      expect(verdict(await tick(), 'proof-system').status).toBe('warn')
      now = changedAt + 86_400
      expect(verdict(await tick(), 'proof-system')).toMatchObject({ status: 'ok', value: null })
    } finally {
      await devnet.setConfirmPeriodBlocks(confirmPeriodBlocks)
    }
  })

  it('contracts.rollup at a pre-BoLD rollup: state-root-finality crit naming it, batches still watched', async () => {
    const legacy = await deployArbitrum(l1, { delaySeconds, legacyRollup: true })
    await legacy.createLegacyNode({ l2BlockHash: await l2BlockHash(l2, 10) })
    await legacy.confirmLegacyNode()
    const batchAt = (await latestBlock(l1)).timestamp + 5
    await legacy.postBatch({ timestamp: batchAt })
    const lines: string[] = []
    const legacyRuntime = await createRuntime({
      config: validateConfig({
        chains: [
          {
            name: 'arb-legacy',
            stack: 'arbitrum',
            l2Rpc: [l2.url],
            l1Rpc: [l1.url],
            contracts: { bridge: legacy.bridge, rollup: legacy.legacyRollup },
          },
        ],
        alerts: { for: 1, clearFor: 1, groupWait: 0, rpcUnavailableAfter: 0 },
      }),
      store: { kind: 'embedded' },
      consoleWrite: (line) => lines.push(line),
    })
    try {
      const result = await runTick({ ...legacyRuntime, clock: () => batchAt + 10 })
      const roots = verdict(result, 'state-root-finality')
      expect(roots).toMatchObject({
        status: 'crit',
        value: null,
        reason: `pre-BoLD rollup at ${legacy.legacyRollup} (NodeCreated/NodeConfirmed): assertions not read; point contracts.rollup at the BoLD rollup (Bridge.rollup() is ${legacy.rollup})`,
      })
      expect(verdict(result, 'sequencer-lag').details?.lastBatchAge).toBe(10)
      expect(lines.some((line) => line.includes('arb-legacy state-root-finality ok→crit') && line.includes('pre-BoLD rollup at'))).toBe(true)
    } finally {
      await legacyRuntime.close()
    }
  })

  it('a delayed message the sequencer leaves unread while batches go on: deposits counts down to its own forceInclusionDeadline and is crit past it, sequencer-lag to the newest batch\'s', async () => {
    const t0 = base + 100_000 // after every earlier tick's clock
    // A 40-block delay (mining Arbitrum One's 7,200 takes anvil a minute); proof-system warns of it, not judged here.
    await devnet.setMaxTimeVariation({ delaySeconds: 480, delayBlocks: 40 })
    const sentBlock = await (async () => {
      await devnet.deliverDelayedMessage({ timestamp: t0 })
      return BigInt((await latestBlock(l1)).number)
    })()
    lastBatchAt = t0 + 5
    lastBatchBlock = (await devnet.postBatch({ timestamp: lastBatchAt })).receipt.blockNumber // leaves the message unread
    await mineBlocks(l2, 5, { timestamp: t0 + 2, interval: 2 })
    now = t0 + 12
    const waiting = await tick()
    const messageDeadline = await devnet.forceInclusionDeadline(sentBlock)
    const head = BigInt((await latestBlock(l1)).number)
    expect(verdict(waiting, 'deposits')).toMatchObject({
      status: 'ok',
      value: 12,
      details: { pending: 1, forcedInclusionInBlocks: Number(messageDeadline - head), forcedInclusionIn: Number(messageDeadline - head) * 12 },
      reason: expect.stringContaining(`force inclusion possible in 7 min (${messageDeadline - head} L1 blocks, L1 block #${messageDeadline})`),
    })
    expect(verdict(waiting, 'sequencer-lag')).toMatchObject({ status: 'ok', details: { forceInclusionIn: await forceInclusionIn() } })
    expect(await forceInclusionIn()).toBe(Number(messageDeadline - head + 1n) * 12) // the batch is one block younger

    // A steady tick with the message still waiting: counters and the two deadlines in one L1 request, the heads in one L2.
    await mineBlocks(l1, 1, { timestamp: t0 + 13 })
    l1Proxy.resetCounts()
    l2Proxy.resetCounts()
    now = t0 + 14
    await tick()
    expect([l1Proxy.requestCount, l2Proxy.requestCount]).toEqual([1, 1])

    // Most of the delay goes by, a batch lands (still not reading it), then the rest: past the message's deadline.
    await mineBlocks(l1, Number(messageDeadline - head) - 10)
    lastBatchAt = (await latestBlock(l1)).timestamp + 1
    lastBatchBlock = (await devnet.postBatch({ timestamp: lastBatchAt })).receipt.blockNumber
    await mineBlocks(l1, 12, { timestamp: lastBatchAt + 1 })
    await mineBlocks(l2, 5, { timestamp: lastBatchAt + 4, interval: 2 })
    now = lastBatchAt + 14
    const overdue = await tick()
    expect(BigInt((await latestBlock(l1)).number)).toBeGreaterThan(messageDeadline)
    expect(verdict(overdue, 'deposits')).toMatchObject({
      status: 'crit',
      reason: expect.stringContaining(`past its force-inclusion deadline (${BigInt((await latestBlock(l1)).number) - messageDeadline} L1 blocks, L1 block #${messageDeadline}): anyone may force-include it`),
    })
    // The sequencer posts: its batch-posting window runs from the newest batch, so sequencer-lag is ok.
    expect(verdict(overdue, 'sequencer-lag')).toMatchObject({ status: 'ok', details: { forceInclusionIn: await forceInclusionIn() } })
    expect(await forceInclusionIn()).toBeGreaterThan(0)
  })
})
