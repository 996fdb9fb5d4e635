import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOpStackAdapter } from '../../functions/chains/op-stack/createOpStackAdapter.js'
import { validateConfig } from '../../functions/config/parseConfig.js'
import type { OpStackChainConfig } from '../../functions/config/schema.js'
import type { Observation, StateRootObservation } from '../../functions/types.js'
import { type Anvil, latestBlock, mineBlocks, startAnvil } from '../devnet/anvil.js'
import { deployOpStack } from '../devnet/opStackDevnet.js'
import { type RpcProxy, startRpcProxy } from '../devnet/rpcProxy.js'
import { sendJson, startLoopbackServer } from '../fakes/loopback.js'
import { resolveThresholds } from '../../functions/checks/defaultThresholds.js'
import { sequencerLag } from '../../functions/checks/sequencerLag.js'

function chainConfig(l1: string, l2: string, contracts: OpStackChainConfig['contracts']): OpStackChainConfig {
  const config = validateConfig({ chains: [{ name: 'devnet', stack: 'op-stack', l1Rpc: [l1], l2Rpc: [l2], contracts }] })
  return config.chains[0] as OpStackChainConfig
}

function roots(observation: Observation): StateRootObservation {
  if (!observation.stateRoots?.ok) throw new Error(`state roots not read: ${JSON.stringify(observation.stateRoots)}`)
  return observation.stateRoots.value
}

describe('OP Stack adapter on anvil', () => {
  let l2: Anvil
  beforeAll(async () => {
    l2 = await startAnvil({ slotsInAnEpoch: 2 })
    await mineBlocks(l2, 30)
  })
  afterAll(() => l2?.stop())

  describe('dispute games', () => {
    let l1: Anvil
    let proxy: RpcProxy
    beforeAll(async () => {
      l1 = await startAnvil()
      proxy = await startRpcProxy(l1.url)
    })
    afterAll(async () => {
      await proxy?.stop()
      await l1?.stop()
    })

    it('counts overdue games and lost games in the respected type only, and sees a paused registry', async () => {
      const devnet = await deployOpStack(l1, { maxClockDuration: 1000 })
      const t0 = (await latestBlock(l1)).timestamp + 100
      const overdue = await devnet.createGame({ l2BlockNumber: 10n, timestamp: t0 })
      const lost = await devnet.createGame({ l2BlockNumber: 11n, timestamp: t0 + 10 })
      const won = await devnet.createGame({ l2BlockNumber: 12n, timestamp: t0 + 20 })
      await devnet.resolveGame(lost, 1, t0 + 1020)
      await devnet.resolveGame(won, 2, t0 + 1030)
      // A newer game of another type is not the respected proposal stream.
      await devnet.createGame({ l2BlockNumber: 99n, gameType: 1, timestamp: t0 + 2000 })

      const adapter = createOpStackAdapter(chainConfig(proxy.url, l2.url, { systemConfig: devnet.systemConfig }))
      const now = t0 + 1000 + 3600 + 60 // `overdue` is past its clock plus the grace hour
      const first = roots(await adapter.observe(now))
      expect(first).toMatchObject({ source: 'dispute-games', respectedGameType: 0, lastPostedAt: t0 + 20, lastPostedL2Block: 12n })
      expect(first.overdueGames).toBe(1)
      expect(first.challengerWins).toBe(1)
      expect(first.paused).toBe(false)

      await devnet.setPaused(true)
      proxy.resetCounts()
      const second = roots(await adapter.observe(now + 15))
      expect(second).toMatchObject({ overdueGames: 1, challengerWins: 1, paused: true })
      // Steady state: one L1 request; resolved games are cached, the overdue one is polled with the game count.
      expect(proxy.requestCount).toBe(1)

      await devnet.resolveGame(overdue, 2)
      expect(roots(await adapter.observe(now + 30)).overdueGames).toBe(0)
    })

    it('follows a change of respected game type', async () => {
      const devnet = await deployOpStack(l1)
      const t0 = (await latestBlock(l1)).timestamp + 10
      await devnet.createGame({ l2BlockNumber: 5n, timestamp: t0 })
      await devnet.createGame({ l2BlockNumber: 6n, gameType: 1, timestamp: t0 + 5 })
      const adapter = createOpStackAdapter(chainConfig(l1.url, l2.url, { systemConfig: devnet.systemConfig }))
      expect(roots(await adapter.observe(t0 + 60))).toMatchObject({ respectedGameType: 0, lastPostedL2Block: 5n })
      await devnet.setRespectedGameType(1)
      expect(roots(await adapter.observe(t0 + 75))).toMatchObject({ respectedGameType: 1, lastPostedL2Block: 6n })
    })

    it('reports no game ever posted (not ok) when the factory is empty', async () => {
      const devnet = await deployOpStack(l1)
      const adapter = createOpStackAdapter(chainConfig(l1.url, l2.url, { systemConfig: devnet.systemConfig }))
      const reading = roots(await adapter.observe(Math.floor(Date.now() / 1000)))
      expect(reading.lastPostedAt).toBeUndefined()
    })
  })

  it('works on an L1 without Multicall3 (plain calls in one JSON-RPC batch)', async () => {
    const l1 = await startAnvil()
    try {
      const devnet = await deployOpStack(l1, { multicall3: false })
      expect(await l1.rpc('eth_getCode', ['0xcA11bde05977b3631167028862bE2a173976CA11', 'latest'])).toBe('0x')
      const t0 = (await latestBlock(l1)).timestamp + 10
      await devnet.createGame({ l2BlockNumber: 7n, timestamp: t0 })
      const adapter = createOpStackAdapter(
        chainConfig(l1.url, l2.url, { disputeGameFactory: devnet.disputeGameFactory, optimismPortal: devnet.optimismPortal }),
      )
      const observation = await adapter.observe(t0 + 30)
      expect(roots(observation)).toMatchObject({ lastPostedAt: t0, lastPostedL2Block: 7n })
      expect(observation.l2.ok).toBe(true)
    } finally {
      await l1.stop()
    }
  })

  it('reads a legacy L2OutputOracle chain', async () => {
    const l1 = await startAnvil()
    try {
      const devnet = await deployOpStack(l1, { legacyOutputOracle: true })
      const adapter = createOpStackAdapter(chainConfig(l1.url, l2.url, { systemConfig: devnet.systemConfig }))
      const t0 = (await latestBlock(l1)).timestamp + 10
      const before = roots(await adapter.observe(t0))
      expect(before.source).toBe('l2-output-oracle')
      expect(before.lastPostedAt).toBeUndefined()
      await devnet.proposeOutput({ l2BlockNumber: 1800n, timestamp: t0 + 5 })
      expect(roots(await adapter.observe(t0 + 20))).toMatchObject({ source: 'l2-output-oracle', lastPostedAt: t0 + 5, lastPostedL2Block: 1800n })
    } finally {
      await l1.stop()
    }
  })

  it('a SystemConfig address with no contract is an error reading, not ok', async () => {
    const l1 = await startAnvil()
    try {
      const adapter = createOpStackAdapter(chainConfig(l1.url, l2.url, { systemConfig: '0x000000000000000000000000000000000000dEaD' }))
      const observation = await adapter.observe(Math.floor(Date.now() / 1000))
      expect(observation.stateRoots).toMatchObject({ ok: false })
      expect(observation.l2.ok).toBe(true)
    } finally {
      await l1.stop()
    }
  })

  it('refines safe/finalized from an op-node optimism_syncStatus where configured, and falls back to the tags without it', async () => {
    const l1 = await startAnvil()
    const head = await latestBlock(l2)
    const stale = await l2.rpc<{ hash: string; number: string; timestamp: string }>('eth_getBlockByNumber', ['0x2', false])
    const ref = { hash: stale.hash, number: Number(stale.number), timestamp: Number(stale.timestamp), parentHash: '0x00', l1origin: { hash: '0x00', number: 1 }, sequenceNumber: 0 }
    let answer = true
    // A loopback op-node: answers optimism_syncStatus (single or batched JSON-RPC) with a safe head at L2 block 2.
    const opNode = await startLoopbackServer((_request, body, response) => {
      if (!answer) return sendJson(response, 503, { error: 'down' })
      const answerOne = ({ id, method }: { id: number; method: string }) =>
        method === 'optimism_syncStatus'
          ? { jsonrpc: '2.0', id, result: { unsafe_l2: { ...ref, number: head.number, timestamp: head.timestamp }, safe_l2: ref, finalized_l2: ref } }
          : { jsonrpc: '2.0', id, error: { code: -32601, message: 'method not found' } }
      const parsed = JSON.parse(body) as { id: number; method: string } | { id: number; method: string }[]
      sendJson(response, 200, Array.isArray(parsed) ? parsed.map(answerOne) : answerOne(parsed))
    })
    try {
      const devnet = await deployOpStack(l1)
      const config = validateConfig({
        chains: [{ name: 'devnet', stack: 'op-stack', l1Rpc: [l1.url], l2Rpc: [l2.url], opNodeRpc: [opNode.origin], contracts: { systemConfig: devnet.systemConfig } }],
      }).chains[0] as OpStackChainConfig
      const adapter = createOpStackAdapter(config)
      const refined = await adapter.observe(head.timestamp + 1)
      expect(refined.l2.ok && refined.l2.value.safe?.number).toBe(2n)
      expect(sequencerLag(refined, resolveThresholds('op-stack', { sequencerLag: { warn: 1, crit: 2 } }), head.timestamp + 1)?.status).toBe('crit')
      answer = false
      const fallback = await adapter.observe(head.timestamp + 2)
      expect(fallback.l2.ok && fallback.l2.value.safe?.number).toBe(BigInt(head.number - 2)) // the EL's safe tag (slots-in-an-epoch 2)
    } finally {
      await opNode.stop()
      await l1.stop()
    }
  })
})
