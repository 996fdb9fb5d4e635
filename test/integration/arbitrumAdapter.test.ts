import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Hash, keccak256, toHex } from 'viem'
import { createArbitrumAdapter } from '../../functions/chains/arbitrum/createArbitrumAdapter.js'
import { sequencerInboxAbi } from '../../functions/chains/arbitrum/abis.js'
import { forceInclusionDeadlineAt } from '../../functions/chains/arbitrum/forceInclusionDeadlineAt.js'
import { forceInclusionRule } from '../../functions/chains/arbitrum/forceInclusionRule.js'
import { readAssertions } from '../../functions/chains/arbitrum/readAssertions.js'
import { createCursorStore } from '../../functions/chains/createCursorStore.js'
import { stateRootFinality } from '../../functions/checks/stateRootFinality.js'
import { stateRootValidity } from '../../functions/checks/stateRootValidity.js'
import { defaultThresholds, resolveThresholds } from '../../functions/checks/defaultThresholds.js'
import { deposits } from '../../functions/checks/deposits.js'
import { l1Origin } from '../../functions/checks/l1Origin.js'
import { validateConfig } from '../../functions/config/parseConfig.js'
import type { ArbitrumChainConfig } from '../../functions/config/schema.js'
import { createRpcClient } from '../../functions/rpc/createRpcClient.js'
import type { BatchObservation, Observation, StateRootObservation } from '../../functions/types.js'
import { type Anvil, latestBlock, mineBlocks, startAnvil } from '../devnet/anvil.js'
import { type ArbitrumDevnet, deployArbitrum, devnetSendRoot, l2BlockHash, serveSendRoots } from '../devnet/arbitrumDevnet.js'
import { type RpcProxy, startRpcProxy } from '../devnet/rpcProxy.js'

function chainConfig(l1: string, l2: string, contracts: ArbitrumChainConfig['contracts']): ArbitrumChainConfig {
  const config = validateConfig({ chains: [{ name: 'arb-devnet', stack: 'arbitrum', l1Rpc: [l1], l2Rpc: [l2], contracts }] })
  return config.chains[0] as ArbitrumChainConfig
}

function roots(observation: Observation): StateRootObservation {
  if (!observation.stateRoots?.ok) throw new Error(`state roots not read: ${JSON.stringify(observation.stateRoots)}`)
  return observation.stateRoots.value
}

function batches(observation: Observation): BatchObservation {
  if (!observation.batches?.ok) throw new Error(`batches not read: ${JSON.stringify(observation.batches)}`)
  return observation.batches.value
}

const l2Timestamp = async (l2: Anvil, n: number) =>
  Number((await l2.rpc<{ timestamp: string }>('eth_getBlockByNumber', [`0x${n.toString(16)}`, false])).timestamp)

describe('Arbitrum adapter on anvil', () => {
  let l1: Anvil
  let l2: Anvil
  let l1Proxy: RpcProxy
  beforeAll(async () => {
    ;[l1, l2] = await Promise.all([startAnvil(), startAnvil({ slotsInAnEpoch: 2 })])
    l1Proxy = await startRpcProxy(l1.url)
    await mineBlocks(l2, 30)
  })
  afterAll(async () => {
    await l1Proxy?.stop()
    await Promise.all([l1?.stop(), l2?.stop()])
  })

  describe('BoLD rollup', () => {
    let devnet: ArbitrumDevnet
    let t0: number
    let confirmedAt: number
    let newest: Hash
    let lastBatchBlock: bigint
    beforeAll(async () => {
      // delayBlocks 300 (= 3600 s of 12 s blocks), a delay buffer holding only 250 of them: the buffer decides.
      devnet = await deployArbitrum(l1, { delaySeconds: 3600, confirmPeriodBlocks: 20, delayBuffer: { maxBlocks: 250, thresholdBlocks: 150 } })
      t0 = (await latestBlock(l1)).timestamp + 100
      await devnet.postBatch({ timestamp: t0 })
      lastBatchBlock = (await devnet.postBatch({ timestamp: t0 + 10 })).receipt.blockNumber
      const first = await devnet.createAssertion({ l2BlockHash: await l2BlockHash(l2, 10), timestamp: t0 + 20 })
      await mineBlocks(l1, 20, { interval: 12 })
      confirmedAt = (await latestBlock(l1)).timestamp + 12
      await devnet.confirmAssertion(first, confirmedAt)
      newest = await devnet.createAssertion({ l2BlockHash: await l2BlockHash(l2, 20), timestamp: confirmedAt + 5 })
    })

    it('discovers everything from the Bridge and reads batches, assertions and chain parameters', async () => {
      const adapter = createArbitrumAdapter(chainConfig(l1Proxy.url, l2.url, { bridge: devnet.bridge }))
      const observation = await adapter.observe(confirmedAt + 30)
      expect(observation.l2.ok).toBe(true)
      // No unread delayed message: the countdown runs from the newest batch's L1 block, buffer-limited.
      expect(await devnet.forceInclusionDeadline(lastBatchBlock)).toBe(lastBatchBlock + 250n)
      expect(batches(observation)).toEqual({
        source: 'sequencer-inbox',
        lastBatchAt: t0 + 10,
        lastBatchNumber: 1n,
        forceInclusionWindowSeconds: 250 * 12,
        forceInclusionDeadline: { l1Block: Number(lastBatchBlock) + 250, l1Head: (await latestBlock(l1)).number, l1BlockSeconds: 12 },
      })
      expect(observation.proofSystem).toEqual({
        ok: true,
        value: expect.objectContaining({
          family: 'arbitrum-bold',
          description: `BoLD rollup ${devnet.rollup}: challenge period 20 L1 blocks; force inclusion after 250 L1 blocks (delay 300, buffer 250 of 250)`,
          facts: {
            rollup: `${devnet.rollup} (BoLD)`,
            'challenge period': '20 L1 blocks',
            'force-inclusion delay': '300 L1 blocks, delay buffer max 250 threshold 150',
          },
          details: { rollupKind: 'BoLD', confirmPeriodBlocks: 20, delayBlocks: 300, forceInclusionDelayBlocks: 250, bufferBlocks: 250 },
        }),
      })
      expect(roots(observation)).toEqual({
        source: 'arbitrum-assertions',
        lastPostedAt: confirmedAt + 5,
        finalizedL2Block: 10n,
        finalizedL2Timestamp: await l2Timestamp(l2, 10),
      })
      expect(observation.parameters).toMatchObject({ forceInclusionWindowSeconds: 250 * 12, finalityPeriodSeconds: 20 * 12 })
      expect(observation.parameters?.blockTimeSeconds).toBeGreaterThan(0)
      expect(newest).toMatch(/^0x[0-9a-f]{64}$/)

      // Steady state: counters, last tick's deadline, the assertion probes and the head in one L1 request; no
      // counter moved and no probed assertion has a new child, so no log scan, however many L1 blocks went by.
      await mineBlocks(l1, 3, { interval: 12 })
      l1Proxy.resetCounts()
      await adapter.observe(confirmedAt + 45)
      expect(l1Proxy.methods).toEqual(['eth_call', 'eth_blockNumber'])
      expect(l1Proxy.requestCount).toBe(1)

      // A new assertion, a child of the newest seen: its probe tells, one eth_getLogs in a second request.
      const child = await devnet.createAssertion({ l2BlockHash: await l2BlockHash(l2, 25), timestamp: confirmedAt + 47 })
      l1Proxy.resetCounts()
      expect(roots(await adapter.observe(confirmedAt + 48)).lastPostedAt).toBe(confirmedAt + 47)
      expect(l1Proxy.requestCount).toBe(2)
      expect(l1Proxy.methodCounts['eth_getLogs']).toBe(1)
      // A rival of it (a second child of its parent): the parent's probe tells.
      await devnet.createAssertion({ l2BlockHash: await l2BlockHash(l2, 26), parent: newest, timestamp: confirmedAt + 49 })
      expect(roots(await adapter.observe(confirmedAt + 50)).lastPostedAt).toBe(confirmedAt + 49)
      l1Proxy.resetCounts()
      await adapter.observe(confirmedAt + 51)
      expect(l1Proxy.requestCount).toBe(1)
      expect(child).not.toBe(newest)

      // A new batch is picked up: one batch scan; its deadline costs no call of its own (computed by the inbox's
      // rule from the same request, then asked of the inbox in the next one); delayBlocks and the buffer are read live.
      await mineBlocks(l1, 200) // room below for a delay sequenced 160 blocks late
      const batchAt = (await latestBlock(l1)).timestamp + 2
      const { receipt } = await devnet.postBatch({ timestamp: batchAt })
      await devnet.setMaxTimeVariation({ delaySeconds: 7200, delayBlocks: 100 })
      l1Proxy.resetCounts()
      const next = await adapter.observe(batchAt + 8)
      expect(l1Proxy.requestCount).toBe(2)
      expect(l1Proxy.methodCounts['eth_call']).toBe(1)
      expect(batches(next)).toMatchObject({
        lastBatchAt: batchAt,
        lastBatchNumber: 2n,
        forceInclusionWindowSeconds: 1200,
        forceInclusionDeadline: { l1Block: Number(receipt.blockNumber) + 100 },
      })
      expect(next.parameters?.forceInclusionWindowSeconds).toBe(1200)
      // delayBlocks 300 again, so the buffer decides. A batch sequenced 160 blocks late left it at 180 with that
      // depletion still pending: the inbox applies it (calcPendingBuffer), and so does the reading.
      await devnet.setMaxTimeVariation({ delaySeconds: 3600 })
      await devnet.setBufferBlocks(180, 160)
      const depleted = await devnet.forceInclusionDeadline(receipt.blockNumber)
      expect(depleted - receipt.blockNumber).toBeLessThan(180n)
      expect(batches(await adapter.observe(batchAt + 9)).forceInclusionDeadline?.l1Block).toBe(Number(depleted))
      await devnet.setBufferBlocks(250)
    })

    it('forceInclusionDeadlineAt (a block first needed this tick) gives what the inbox answers, pending depletion and replenishment included', async () => {
      const client = createRpcClient({ urls: [l1.url] })
      const read = async (functionName: 'maxTimeVariation' | 'isDelayBufferable' | 'buffer') =>
        ({ status: 'success', result: await client.readContract({ address: devnet.sequencerInbox, abi: sequencerInboxAbi, functionName }) }) as const
      await mineBlocks(l1, 500)
      try {
        for (const [bufferBlocks, sequencedDelay] of [[250, 0], [180, 160], [200, 400], [160, 20]] as const) {
          await devnet.setBufferBlocks(bufferBlocks, sequencedDelay)
          const rule = forceInclusionRule(await read('maxTimeVariation'), await read('isDelayBufferable'), await read('buffer'))!
          const at = BigInt((await latestBlock(l1)).number)
          for (const l1Block of [at - 500n, at - BigInt(sequencedDelay) - 1n, at - 1n, at, at + 40n, at + 5000n])
            expect(forceInclusionDeadlineAt(rule, l1Block), `buffer ${bufferBlocks}, delay ${sequencedDelay}, block ${l1Block}`).toBe(await devnet.forceInclusionDeadline(l1Block))
        }
      } finally {
        await devnet.setBufferBlocks(250)
      }
    })

    it('finds the SequencerInbox and Bridge from the rollup alone, and keeps log cursors in the store', async () => {
      const saved = new Map<string, unknown>()
      const store = {
        getCursor: async (_chain: string, name: string) => saved.get(name),
        putCursor: async (_chain: string, name: string, cursor: unknown) => void saved.set(name, cursor),
      } as unknown as Parameters<typeof createCursorStore>[0]
      const adapter = createArbitrumAdapter(chainConfig(l1.url, l2.url, { rollup: devnet.rollup }), {
        cursors: createCursorStore(store, 'arb-devnet'),
      })
      const observation = await adapter.observe(confirmedAt + 70)
      expect(batches(observation)).toMatchObject({ lastBatchNumber: 2n, forceInclusionWindowSeconds: 3000 })
      expect(roots(observation)).toMatchObject({ lastPostedAt: confirmedAt + 49, finalizedL2Block: 10n }) // the rival above
      expect([...saved.keys()].sort()).toEqual(
        [`${devnet.rollup}:AssertionConfirmed`, `${devnet.rollup}:AssertionCreated`, `${devnet.sequencerInbox}:SequencerBatchDelivered`].sort(),
      )
    })

    it('deposits counts down to the oldest unread delayed message\'s forceInclusionDeadline, sequencer-lag to the newest batch\'s; crit once the L1 head passes it, ok once read', async () => {
      const adapter = createArbitrumAdapter(chainConfig(l1.url, l2.url, { bridge: devnet.bridge }))
      const sent = (await latestBlock(l1)).timestamp + 10
      const index = await devnet.deliverDelayedMessage({ timestamp: sent })
      const sentBlock = BigInt((await latestBlock(l1)).number)
      // A batch after it that leaves it unread: each check reads its own deadline (buffer 250 < delayBlocks 300),
      // in blocks whatever the clock says.
      const batchBlock = (await devnet.postBatch({ timestamp: sent + 1, afterDelayedMessagesRead: index })).receipt.blockNumber
      expect(batchBlock).toBe(sentBlock + 1n)
      const waitingAt = await adapter.observe(sent + 60)
      expect(batches(waitingAt).forceInclusionDeadline).toEqual({ l1Block: Number(batchBlock) + 250, l1Head: Number(batchBlock), l1BlockSeconds: 12 })
      expect(waitingAt.deposits).toEqual({
        ok: true,
        value: {
          source: 'arbitrum-delayed-inbox',
          forcedInclusion: 'force-inclusion',
          progress: `the sequencer has read ${index} of ${index + 1n} delayed messages`,
          pending: 1,
          oldest: { id: `delayed message #${index}`, sentAt: sent, l1Block: sentBlock },
          forcedInclusionIn: 249 * 12,
          forcedInclusionInBlocks: 249,
          forcedInclusionBlock: sentBlock + 250n,
        },
      })
      const verdictAt = (observation: Awaited<ReturnType<typeof adapter.observe>>, now: number) => deposits(observation, defaultThresholds.arbitrum, now)!
      expect(verdictAt(waitingAt, sent + 60)).toMatchObject({ status: 'ok', value: 60, reason: expect.stringContaining('force inclusion possible in 49 min (249 L1 blocks') })
      await mineBlocks(l1, 249)
      const atDeadline = await adapter.observe(sent + 120)
      expect(verdictAt(atDeadline, sent + 120)).toMatchObject({ status: 'ok', details: { forcedInclusionInBlocks: 0 } })
      await mineBlocks(l1, 1)
      const lateObservation = await adapter.observe(sent + 3600)
      const late = verdictAt(lateObservation, sent + 3600)
      expect(late).toMatchObject({ status: 'crit', value: 3600 })
      expect(late.reason).toBe(
        `L1→L2 message not on L2 for 60 min: delayed message #${index}, L1 block #${sentBlock} (the sequencer has read ${index} of ${index + 1n} delayed messages); past its force-inclusion deadline (1 L1 block, L1 block #${sentBlock + 250n}): anyone may force-include it`,
      )
      // The batch-posting window from the newest batch has not run out yet: sequencer-lag is not past its deadline.
      const window = batches(lateObservation).forceInclusionDeadline!
      expect(window.l1Block - window.l1Head).toBe(0)
      await devnet.postBatch({ afterDelayedMessagesRead: index + 1n })
      expect(verdictAt(await adapter.observe(sent + 3700), sent + 3700)).toMatchObject({ status: 'ok', value: 0 })
    })

    it('l1-origin: the head block\'s l1BlockNumber behind the L1 head, warn (never crit) past 10 min; absent without the field', async () => {
      const l2Proxy = await startRpcProxy(l2.url)
      try {
        const adapter = createArbitrumAdapter(chainConfig(l1.url, l2Proxy.url, { bridge: devnet.bridge }))
        const now = (await latestBlock(l1)).timestamp
        expect((await adapter.observe(now)).l1Origin).toBeUndefined() // anvil's blocks carry no l1BlockNumber
        let behind = 3
        let l1Head = (await latestBlock(l1)).number
        // Nitro's block JSON carries the L1 block the sequencer saw: the proxy adds it, `behind` blocks under the L1 head.
        l2Proxy.rewriteResults((call, result) =>
          call.method === 'eth_getBlockByNumber' && result && typeof result === 'object'
            ? { result: { ...result, l1BlockNumber: toHex(BigInt(l1Head - behind)) } }
            : undefined,
        )
        const judge = async () => l1Origin(await adapter.observe(now), defaultThresholds.arbitrum, now)!
        expect(await judge()).toMatchObject({ status: 'ok', value: 36, details: { blocksBehind: 3, l1HeadBlock: l1Head } })
        behind = 100
        l1Head = (await latestBlock(l1)).number
        expect(await judge()).toMatchObject({
          status: 'warn',
          value: 1200,
          reason: `the sequencer's L1 view (L1 block #${l1Head - 100}) is 100 L1 blocks (~20 min) behind L1: deposits from L1 wait until it catches up`,
        })
      } finally {
        await l2Proxy.stop()
      }
    })

    it('an unread delayed message older than the log scan reaches is past the delay too', async () => {
      const chain = { ...chainConfig(l1.url, l2.url, { bridge: devnet.bridge }), logScan: { lookback: 5, maxRange: 2 } }
      const adapter = createArbitrumAdapter(chain)
      const index = await devnet.deliverDelayedMessage()
      await mineBlocks(l1, 10)
      const now = (await latestBlock(l1)).timestamp
      expect(deposits(await adapter.observe(now), defaultThresholds.arbitrum, now)).toMatchObject({
        status: 'crit',
        reason: expect.stringContaining(`delayed message #${index} (older than the L1 log scan reaches)`),
      })
      await devnet.postBatch({ afterDelayedMessagesRead: index + 1n })
    })
  })

  describe('pre-BoLD rollup', () => {
    let devnet: ArbitrumDevnet
    let batchBlock: bigint
    beforeAll(async () => {
      // Of its time: an inbox without forceInclusionDeadline() (the adapter falls back to delayBlocks).
      devnet = await deployArbitrum(l1, { legacyRollup: true, preBufferInbox: true })
      await devnet.createLegacyNode({ l2BlockHash: await l2BlockHash(l2, 5) })
      await devnet.confirmLegacyNode()
      batchBlock = (await devnet.postBatch()).receipt.blockNumber
    })

    it('is recognised by its calls: a crit alarm instead of assertions, batches still read', async () => {
      const chain = chainConfig(l1Proxy.url, l2.url, { bridge: devnet.bridge, rollup: devnet.legacyRollup! })
      const adapter = createArbitrumAdapter(chain)
      const now = (await latestBlock(l1)).timestamp + 30
      l1Proxy.resetCounts()
      const observation = await adapter.observe(now)
      const message = `pre-BoLD rollup at ${devnet.legacyRollup} (NodeCreated/NodeConfirmed): assertions not read; point contracts.rollup at the BoLD rollup (Bridge.rollup() is ${devnet.rollup})`
      expect(roots(observation)).toEqual({ source: 'arbitrum-assertions', alarms: [{ severity: 'crit', message }] })
      expect(batches(observation)).toMatchObject({ lastBatchNumber: 0n, forceInclusionDeadline: { l1Block: Number(batchBlock) + 7200 } })
      await expect(devnet.forceInclusionDeadline(batchBlock)).rejects.toThrow()
      // Nothing is scanned on the legacy rollup: the only log scan is the batch one.
      expect(l1Proxy.methodCounts['eth_getLogs']).toBe(1)
      expect(observation.proofSystem).toMatchObject({
        ok: true,
        value: {
          family: 'arbitrum-pre-bold',
          facts: { rollup: `${devnet.legacyRollup} (pre-BoLD)`, 'force-inclusion delay': '7200 L1 blocks, no delay buffer' },
          alarms: [{ severity: 'crit', message }],
        },
      })

      const verdict = stateRootFinality(observation, resolveThresholds('arbitrum', undefined, observation.parameters), now)
      expect(verdict).toMatchObject({ status: 'crit', value: null, reason: message })
    })

    it('follows Bridge.rollup() to a new rollup at the hourly rediscovery', async () => {
      const adapter = createArbitrumAdapter(chainConfig(l1.url, l2.url, { bridge: devnet.bridge }))
      const now = (await latestBlock(l1)).timestamp + 30
      expect(roots(await adapter.observe(now)).alarms).toBeUndefined()
      await devnet.setBridgeRollup(devnet.legacyRollup!)
      try {
        expect(roots(await adapter.observe(now + 3599)).alarms).toBeUndefined()
        expect(roots(await adapter.observe(now + 3600)).alarms?.[0]?.message).toMatch(
          new RegExp(`^pre-BoLD rollup at ${devnet.legacyRollup} \\(NodeCreated/NodeConfirmed\\): assertions not read`),
        )
      } finally {
        await devnet.setBridgeRollup(devnet.rollup)
      }
    })

    it('is recognised by its events when read as if it were BoLD', async () => {
      const reading = await readAssertions(createRpcClient({ urls: [l1.url] }), {
        rollup: devnet.legacyRollup!,
        head: BigInt((await latestBlock(l1)).number),
        latestConfirmed: `0x${'00'.repeat(31)}01`,
        cache: {},
        cursors: { get: async () => undefined, put: async () => {} },
      })
      expect(reading.lastPostedAt).toBeUndefined()
      expect(reading.alarms?.[0]).toMatchObject({ severity: 'crit', message: expect.stringMatching(/^pre-BoLD rollup at 0x/) })
    })
  })

  it('works on an L1 without Multicall3 (plain calls in one JSON-RPC batch)', async () => {
    const bare = await startAnvil()
    try {
      const devnet = await deployArbitrum(bare, { multicall3: false, confirmPeriodBlocks: 1 })
      const t0 = (await latestBlock(bare)).timestamp + 10
      await devnet.postBatch({ timestamp: t0 })
      await devnet.createAssertion({ l2BlockHash: await l2BlockHash(l2, 7), timestamp: t0 + 5 })
      const adapter = createArbitrumAdapter(chainConfig(bare.url, l2.url, { bridge: devnet.bridge }))
      const observation = await adapter.observe(t0 + 30)
      expect(batches(observation)).toMatchObject({ lastBatchAt: t0, lastBatchNumber: 0n })
      expect(roots(observation)).toEqual({ source: 'arbitrum-assertions', lastPostedAt: t0 + 5 })
    } finally {
      await bare.stop()
    }
  })

  it('state-root-validity: a real L2 block hash and send root is ok (asked of every L2 RPC once), a wrong send root or a made-up hash crit', async () => {
    // anvil has no send roots: the proxies add Nitro's `sendRoot` field to every block.
    const proxies = await Promise.all([startRpcProxy(l2.url), startRpcProxy(l2.url)])
    try {
      for (const proxy of proxies) proxy.rewriteResults(serveSendRoots)
      const devnet = await deployArbitrum(l1)
      const t0 = (await latestBlock(l1)).timestamp + 10
      const hash = await l2BlockHash(l2, 12)
      const good = await devnet.createAssertion({ l2BlockHash: hash, sendRoot: devnetSendRoot(hash), timestamp: t0 })
      const chain = { ...chainConfig(l1.url, proxies[0]!.url, { bridge: devnet.bridge }), l2Rpc: proxies.map((proxy) => proxy.url) }
      const adapter = createArbitrumAdapter(chain)
      const judge = async (now: number) => {
        const observation = await adapter.observe(now)
        return stateRootValidity(observation, resolveThresholds('arbitrum', undefined, observation.parameters), now)
      }
      expect(await judge(t0 + 30)).toMatchObject({
        status: 'ok',
        reason: `assertion ${good.slice(0, 6)}…${good.slice(-4)} at L2 #12 matches the L2 (${devnetSendRoot(hash)})`,
      })
      expect(proxies.map((proxy) => [proxy.methodCounts['eth_getBlockByHash'], proxy.methodCounts['eth_getBlockByNumber'] ?? 0])).toEqual([
        [1, expect.any(Number)],
        [1, expect.any(Number)],
      ])
      // Steady tick: the verdict is repeated from memory, no block is read by hash.
      for (const proxy of proxies) proxy.resetCounts()
      expect((await judge(t0 + 31))?.status).toBe('ok')
      expect(proxies.map((proxy) => proxy.methodCounts['eth_getBlockByHash'])).toEqual([undefined, undefined])

      // A made-up send root. Its tick reads the block by hash on each endpoint (one request more each) and still shows
      // the previous assertion's result; the by-number read proving the block canonical rides in the next tick's
      // head batch (no request more), which judges it.
      await devnet.createAssertion({ l2BlockHash: hash, timestamp: t0 + 40 })
      for (const proxy of proxies) proxy.resetCounts()
      expect(await judge(t0 + 44)).toMatchObject({ status: 'ok', reason: expect.stringContaining(`assertion ${good.slice(0, 6)}…${good.slice(-4)} at L2 #12`) })
      expect(proxies.map((proxy) => [proxy.requestCount, proxy.methodCounts['eth_getBlockByHash']])).toEqual([[2, 1], [2, 1]])
      for (const proxy of proxies) proxy.resetCounts()
      expect(await judge(t0 + 45)).toMatchObject({
        status: 'crit',
        reason: expect.stringMatching(new RegExp(`^invalid state root proposed: assertion .* at L2 #12 claims 0x[0-9a-f]{64}, the L2 computes ${devnetSendRoot(hash)}`)),
        details: { l2Block: 12, computed: devnetSendRoot(hash) },
      })
      expect(proxies.map((proxy) => [proxy.requestCount, proxy.methodCounts['eth_getBlockByHash']])).toEqual([[1, undefined], [1, undefined]])

      // A block hash no endpoint has: a lagging node for an hour, then the finding.
      const madeUp = keccak256(toHex('no such L2 block'))
      await devnet.createAssertion({ l2BlockHash: madeUp, timestamp: t0 + 50 })
      expect(await judge(t0 + 60)).toBeUndefined()
      expect(await judge(t0 + 50 + 3600)).toMatchObject({
        status: 'crit',
        reason: expect.stringMatching(new RegExp(`^invalid state root proposed: assertion .* claims ${madeUp}, the L2 has no block ${madeUp}$`)),
      })
    } finally {
      await Promise.all(proxies.map((proxy) => proxy.stop()))
    }
  })

  it('with several L2 RPCs, each is asked for its head (rpc-divergence)', async () => {
    const devnet = await deployArbitrum(l1)
    const chain = { ...chainConfig(l1.url, l2.url, { bridge: devnet.bridge }), l2Rpc: [l2.url, `${l2.url}/`] }
    const observation = await createArbitrumAdapter(chain).observe(Math.floor(Date.now() / 1000))
    expect(observation.l2.ok).toBe(true)
    expect(observation.l2Agreement).toMatchObject({ rpcs: 2, answered: 2, divergent: [], failed: [] })
  })

  it('a Bridge address with no contract is an error reading for both L1 checks, not ok', async () => {
    const adapter = createArbitrumAdapter(chainConfig(l1.url, l2.url, { bridge: '0x000000000000000000000000000000000000dEaD' }))
    const observation = await adapter.observe(Math.floor(Date.now() / 1000))
    expect(observation.l2.ok).toBe(true)
    expect(observation.batches).toMatchObject({ ok: false })
    expect(observation.stateRoots).toMatchObject({ ok: false, error: expect.stringMatching(/Bridge did not answer|Rollup/) })
  })
})
