import { concat, type Hex, keccak256, toHex, zeroHash } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOpStackAdapter } from '../../functions/chains/op-stack/createOpStackAdapter.js'
import { discoverOpStackContracts } from '../../functions/chains/op-stack/discoverOpStackContracts.js'
import { gameFamilies, gameFamilyOf } from '../../functions/chains/op-stack/gameFamilies.js'
import { createGameScan, scanRespectedGames } from '../../functions/chains/op-stack/scanRespectedGames.js'
import { resolveThresholds } from '../../functions/checks/defaultThresholds.js'
import { runChecks } from '../../functions/checks/runChecks.js'
import { validateConfig } from '../../functions/config/parseConfig.js'
import type { OpStackChainConfig } from '../../functions/config/schema.js'
import { createRpcClient } from '../../functions/rpc/createRpcClient.js'
import { createRuntime } from '../../functions/runtime/createRuntime.js'
import { runTick } from '../../functions/tick.js'
import type { Observation, StateRootObservation, Verdict } from '../../functions/types.js'
import { type Anvil, latestBlock, mineBlocks, startAnvil } from '../devnet/anvil.js'
import { deployOpStack, superRootOutputsOf } from '../devnet/opStackDevnet.js'
import { type RpcProxy, startRpcProxy } from '../devnet/rpcProxy.js'

/** Devnets shaped like today's OP Stack chains: Base's AggregateVerifier, super roots, unknown and switched types. */
describe('OP Stack proof-system families on anvil', () => {
  let l1: Anvil
  let l2: Anvil
  let proxy: RpcProxy

  const chainConfig = (contracts: OpStackChainConfig['contracts'], l1Url = l1.url): OpStackChainConfig =>
    validateConfig({ chains: [{ name: 'devnet', stack: 'op-stack', l1Rpc: [l1Url], l2Rpc: [l2.url], contracts }] }).chains[0] as OpStackChainConfig
  const roots = (observation: Observation): StateRootObservation => {
    if (!observation.stateRoots?.ok) throw new Error(`state roots not read: ${JSON.stringify(observation.stateRoots)}`)
    return observation.stateRoots.value
  }
  const verdicts = (observation: Observation, now: number): Record<string, Verdict> =>
    Object.fromEntries(runChecks(observation, resolveThresholds('op-stack', undefined, observation.parameters), now).map((v) => [v.check, v]))

  beforeAll(async () => {
    ;[l1, l2] = await Promise.all([startAnvil(), startAnvil({ slotsInAnEpoch: 2 })])
    await mineBlocks(l2, 10)
    proxy = await startRpcProxy(l1.url)
  })
  afterAll(async () => {
    await proxy?.stop()
    await Promise.all([l1?.stop(), l2?.stop()])
  })

  it('the registry knows each type once, with the families of the sources', () => {
    const types = gameFamilies.flatMap((family) => Object.keys(family.types).map(Number))
    expect(new Set(types).size).toBe(types.length)
    expect([0, 1, 2, 3, 8].map((t) => gameFamilyOf(t)?.name)).toEqual(Array(5).fill('output-root-fault'))
    expect([4, 5, 7, 9].map((t) => gameFamilyOf(t)?.name)).toEqual(Array(4).fill('super-root-fault'))
    expect([621, 622].map((t) => gameFamilyOf(t)?.name)).toEqual(['aggregate-verifier', 'aggregate-verifier'])
    expect(gameFamilyOf(6)).toBeUndefined() // OP Succinct: not modelled, so judged as unknown
  })

  it('Base today (AggregateVerifier 621): games inside expectedResolution() are fine; one an hour past it warns', async () => {
    const devnet = await deployOpStack(l1, { respectedGameType: 621, disputeGameFinalityDelaySeconds: 0 })
    const t0 = (await latestBlock(l1)).timestamp + 100
    const twoProofs = await devnet.createAggregateGame({ l2BlockNumber: 600n, proofs: 2, timestamp: t0 }) // ends t0 + 1 d
    await devnet.createAggregateGame({ l2BlockNumber: 1200n, proofs: 0, timestamp: t0 + 5 }) // never ends without a proof
    for (let i = 0; i < 3; i++) await devnet.createAggregateGame({ l2BlockNumber: BigInt(1800 + 600 * i), proofs: 1, timestamp: t0 + 10 + i })
    const fresh = t0 + 86400 + 3000
    await devnet.createAggregateGame({ l2BlockNumber: 4000n, proofs: 1, timestamp: fresh })

    const adapter = createOpStackAdapter(chainConfig({ systemConfig: devnet.systemConfig }))
    const inGrace = await adapter.observe(t0 + 86400 + 1800)
    expect(roots(inGrace)).toMatchObject({ respectedGameType: 621, overdueGames: 0, lastPostedAt: fresh, lastPostedL2Block: 4000n })
    // The normal finality period follows the slow (5 d) delay, not a 3.5 d clock that this game does not have.
    expect(inGrace.parameters?.finalityPeriodSeconds).toBe(5 * 86400)
    const okVerdicts = verdicts(inGrace, t0 + 86400 + 1800)
    expect(okVerdicts['state-root-finality']).toMatchObject({ status: 'ok' })
    expect(okVerdicts['state-root-finality']!.reason).not.toContain('overdue')
    expect(okVerdicts['proof-system']).toMatchObject({ status: 'ok', details: { proofSystem: 'aggregate-verifier', respectedGameType: 621 } })

    const late = t0 + 86400 + 3600 + 60
    const overdue = await adapter.observe(late)
    expect(roots(overdue).overdueGames).toBe(1)
    expect(verdicts(overdue, late)['state-root-finality']).toMatchObject({ status: 'warn', reason: expect.stringContaining('1 game overdue') })

    await devnet.resolveGame(twoProofs, 2)
    expect(roots(await adapter.observe(late + 15)).overdueGames).toBe(0)
  })

  it('super roots: the anchor and the newest game name L2 timestamps; finalized age comes from the anchor without an L2 lookup', async () => {
    const devnet = await deployOpStack(l1, { respectedGameType: 4 })
    const t0 = (await latestBlock(l1)).timestamp + 50
    await devnet.createSuperGame({ l2Timestamp: t0 - 3600, timestamp: t0 })
    await devnet.setAnchor(`0x${'22'.repeat(32)}`, BigInt(t0 - 2 * 86400))
    // An L2 endpoint that never answers: the super-root anchor must not need one.
    const adapter = createOpStackAdapter({ ...chainConfig({ systemConfig: devnet.systemConfig }), l2Rpc: ['http://127.0.0.1:9/'] })
    const now = t0 + 60
    const observation = await adapter.observe(now)
    expect(roots(observation)).toMatchObject({ respectedGameType: 4, lastPostedL2Timestamp: t0 - 3600, finalizedL2Timestamp: t0 - 2 * 86400 })
    expect(roots(observation).lastPostedL2Block).toBeUndefined()
    const judged = verdicts(observation, now)
    expect(judged['state-root-finality']).toMatchObject({ status: 'ok', details: { finalizedAge: 2 * 86400 + 60 } })
    expect(judged['proof-system']).toMatchObject({ status: 'ok', details: { proofSystem: 'super-root-fault', respectedGameType: 4 } })
  })

  it('an unknown respected type warns on proof-system and is still judged on posting age', async () => {
    const devnet = await deployOpStack(l1, { respectedGameType: 42 })
    const t0 = (await latestBlock(l1)).timestamp + 50
    await devnet.createGame({ l2BlockNumber: 10n, timestamp: t0 })
    const adapter = createOpStackAdapter(chainConfig({ systemConfig: devnet.systemConfig }))
    // Days later no game is called overdue (its end is unknown), but the posting age is crit.
    const now = t0 + 3 * 86400
    const judged = verdicts(await adapter.observe(now), now)
    expect(judged['proof-system']).toMatchObject({
      status: 'warn',
      reason: expect.stringContaining('respected game type 42 is not known to this watchtower; only posting age is checked'),
    })
    expect(judged['state-root-finality']).toMatchObject({ status: 'crit', value: 3 * 86400 })
    expect(judged['state-root-finality']!.reason).not.toContain('overdue')
  })

  it('a respected type without an implementation is crit', async () => {
    const devnet = await deployOpStack(l1)
    await devnet.createGame({ l2BlockNumber: 10n })
    await devnet.setRespectedGameType(7)
    const adapter = createOpStackAdapter(chainConfig({ systemConfig: devnet.systemConfig }))
    const now = (await latestBlock(l1)).timestamp + 10
    expect(verdicts(await adapter.observe(now), now)['proof-system']).toMatchObject({
      status: 'crit',
      reason: expect.stringContaining('respected game type 7 has no implementation'),
    })
  })

  it('a switch of respected type mid-run warns through the store naming both types, and clears after 24 h', async () => {
    const devnet = await deployOpStack(l1)
    const t0 = (await latestBlock(l1)).timestamp + 50
    await devnet.createGame({ l2BlockNumber: 10n, timestamp: t0 })
    await devnet.createGame({ l2BlockNumber: 11n, gameType: 1, timestamp: t0 + 5 })
    const config = validateConfig({
      chains: [{ name: 'devnet', stack: 'op-stack', l1Rpc: [l1.url], l2Rpc: [l2.url], contracts: { systemConfig: devnet.systemConfig } }],
      alerts: { for: 1, clearFor: 1, groupWait: 0 },
    })
    const runtime = await createRuntime({ config, store: { kind: 'embedded' }, consoleWrite: () => {} })
    try {
      let now = t0 + 60
      const proofSystemOf = async () => (await runTick({ ...runtime, clock: () => now })).results.find((r) => r.check === 'proof-system')!
      expect(await proofSystemOf()).toMatchObject({ status: 'ok' })
      await devnet.setRespectedGameType(1)
      now += 15
      const switched = await proofSystemOf()
      expect(switched.status).toBe('warn')
      expect(switched.reason).toContain('respected game type changed 0 (CANNON) → 1 (PERMISSIONED_CANNON, permissioned fallback)')
      expect(switched.reason).toContain('withdrawals proven against older games must be re-proven')
      now += 3600
      expect((await proofSystemOf()).status).toBe('warn')
      now += 86400
      expect(await proofSystemOf()).toMatchObject({ status: 'ok', details: { respectedGameType: 1 } })
    } finally {
      await runtime.close()
    }
  })

  it('a moved retirement timestamp warns', async () => {
    const devnet = await deployOpStack(l1)
    await devnet.createGame({ l2BlockNumber: 10n })
    const config = validateConfig({
      chains: [{ name: 'devnet', stack: 'op-stack', l1Rpc: [l1.url], l2Rpc: [l2.url], contracts: { systemConfig: devnet.systemConfig } }],
    })
    const runtime = await createRuntime({ config, store: { kind: 'embedded' }, consoleWrite: () => {} })
    try {
      const now = (await latestBlock(l1)).timestamp + 10
      const tick = async (at: number) => (await runTick({ ...runtime, clock: () => at })).results.find((r) => r.check === 'proof-system')!
      await devnet.retireGames()
      expect((await tick(now)).status).toBe('ok')
      await devnet.retireGames((await latestBlock(l1)).timestamp + 100)
      expect(await tick(now + 15)).toMatchObject({ status: 'warn', reason: expect.stringContaining('retirement timestamp changed') })
    } finally {
      await runtime.close()
    }
  })

  it('finds the respected games of a sparse history in bounded pages over several ticks, then reads only new games', async () => {
    const devnet = await deployOpStack(l1)
    await devnet.createGame({ l2BlockNumber: 1n })
    await devnet.createGame({ l2BlockNumber: 2n })
    for (let i = 0; i < 16; i++) await devnet.createGame({ l2BlockNumber: BigInt(100 + i), gameType: 1 })
    const client = createRpcClient({ urls: [proxy.url] })
    const scan = createGameScan()
    const params = { disputeGameFactory: devnet.disputeGameFactory, gameType: 0, gameCount: 18n, window: 10, scan, pageSize: 4, maxPages: 2 }
    proxy.resetCounts()
    // Two pages of four a tick: 16 games of another type take two ticks before the respected ones come into view.
    await scanRespectedGames(client, params)
    expect(scan.games).toEqual([])
    await scanRespectedGames(client, params)
    expect(scan.games).toEqual([])
    expect(await scanRespectedGames(client, params)).toBe(2) // the last page, then the extraData of the two found
    expect(scan.games.map((game) => game.index)).toEqual([1n, 0n])
    expect(scan.oldestScanned).toBe(0n)
    // Done: a tick without new games reads nothing; a new respected game costs one page and its extraData.
    expect(await scanRespectedGames(client, params)).toBe(0)
    await devnet.createGame({ l2BlockNumber: 3n })
    expect(await scanRespectedGames(client, { ...params, gameCount: 19n })).toBe(2)
    expect(scan.games.map((game) => game.index)).toEqual([18n, 1n, 0n])
  })

  describe('state-root-validity', () => {
    /** The output root v0 the proposer must post, computed here independently of the adapter's code. */
    const realOutputRoot = async (blockNumber: bigint): Promise<Hex> => {
      const block = await l2.rpc<{ stateRoot: Hex; hash: Hex }>('eth_getBlockByNumber', [toHex(blockNumber), false])
      const proof = await l2.rpc<{ storageHash: Hex }>('eth_getProof', ['0x4200000000000000000000000000000000000016', [], toHex(blockNumber)])
      return keccak256(concat([zeroHash, block.stateRoot, proof.storageHash, block.hash]))
    }

    beforeAll(async () => {
      // A message passer with storage, so its storage root is not the empty trie's.
      await l2.rpc('anvil_setStorageAt', ['0x4200000000000000000000000000000000000016', toHex(1, { size: 32 }), toHex(7, { size: 32 })])
      await mineBlocks(l2, 2)
    })

    it('a game with the real output root is ok, a wrong one is crit naming the game and both roots; steady ticks cost no L2 request', async () => {
      const devnet = await deployOpStack(l1)
      const head = BigInt(await l2.rpc<Hex>('eth_blockNumber', []))
      const good = await realOutputRoot(head)
      const game = await devnet.createGame({ l2BlockNumber: head, rootClaim: good })
      const l2Proxy = await startRpcProxy(l2.url)
      try {
        const adapter = createOpStackAdapter({ ...chainConfig({ systemConfig: devnet.systemConfig }), l2Rpc: [l2Proxy.url] })
        const now = (await latestBlock(l1)).timestamp + 5
        const ok = verdicts(await adapter.observe(now), now)['state-root-validity']!
        expect(ok).toMatchObject({ status: 'ok', details: { claimed: good, computed: good, l2Block: Number(head) } })
        expect(ok.reason).toContain(`game ${game.slice(0, 6)}`)

        l2Proxy.resetCounts()
        expect(verdicts(await adapter.observe(now + 15), now + 15)['state-root-validity']!.status).toBe('ok')
        expect(l2Proxy.requestCount).toBe(1) // the heads only: a known root is not recomputed

        const bad = `0x${'be'.repeat(32)}` as Hex
        const liar = await devnet.createGame({ l2BlockNumber: head - 1n, rootClaim: bad })
        const crit = verdicts(await adapter.observe(now + 30), now + 30)['state-root-validity']!
        expect(crit.status).toBe('crit')
        expect(crit.reason).toContain('invalid state root proposed')
        expect(crit.reason).toContain(`game ${liar.slice(0, 6)}`)
        expect(crit.reason).toContain(bad)
        expect(crit.reason).toContain(await realOutputRoot(head - 1n))
      } finally {
        await l2Proxy.stop()
      }
    })

    it('several L2 RPCs that compute different roots give warn, not crit', async () => {
      const devnet = await deployOpStack(l1)
      const other = await startAnvil({ slotsInAnEpoch: 2 })
      try {
        await mineBlocks(other, 20)
        await devnet.createGame({ l2BlockNumber: 5n, rootClaim: `0x${'ab'.repeat(32)}` })
        const adapter = createOpStackAdapter({ ...chainConfig({ systemConfig: devnet.systemConfig }), l2Rpc: [l2.url, other.url] })
        const now = (await latestBlock(l1)).timestamp + 5
        expect(verdicts(await adapter.observe(now), now)['state-root-validity']).toMatchObject({ status: 'warn', reason: expect.stringContaining('disagree') })
      } finally {
        await other.stop()
      }
    })

    describe('super roots', () => {
      let other: Anvil
      let at: number
      beforeAll(async () => {
        other = await startAnvil({ chainId: 902 })
        // Both chains have a block at the super root's time and one after it.
        at = Math.max((await latestBlock(l2)).timestamp, (await latestBlock(other)).timestamp) + 10
        await Promise.all([mineBlocks(l2, 2, { timestamp: at, interval: 2 }), mineBlocks(other, 2, { timestamp: at - 1, interval: 2 })])
      })
      afterAll(async () => other?.stop())

      const otherChain = () => ({ name: 'other', l2Rpc: [other.url] })

      it('every chain of the set configured: the real super root is ok, one wrong output is crit naming its chain and both roots', async () => {
        const devnet = await deployOpStack(l1, { respectedGameType: 4 })
        const outputs = await superRootOutputsOf([l2, other], at)
        const game = await devnet.createSuperGame({ l2Timestamp: at, outputs })
        const adapter = createOpStackAdapter(chainConfig({ systemConfig: devnet.systemConfig }), { superchainPeers: [otherChain()] })
        const now = (await latestBlock(l1)).timestamp + 5
        const ok = verdicts(await adapter.observe(now), now)['state-root-validity']!
        expect(ok).toMatchObject({ status: 'ok', reason: expect.stringContaining(`game ${game.slice(0, 6)}`) })
        expect(ok.reason).toContain(`at L2 time ${at} (other, devnet)`) // in chain-ID order, as the super root lists them

        const forged = `0x${'5e'.repeat(32)}` as Hex
        const real = outputs.find((output) => output.chainId === 902n)!.outputRoot
        const liar = await devnet.createSuperGame({ l2Timestamp: at, outputs: outputs.map((output) => (output.chainId === 902n ? { ...output, outputRoot: forged } : output)) })
        const crit = verdicts(await adapter.observe(now + 15), now + 15)['state-root-validity']!
        expect(crit.status).toBe('crit')
        expect(crit.reason).toContain('invalid state root proposed')
        expect(crit.reason).toContain(`game ${liar.slice(0, 6)}…${liar.slice(-4)}, other (chain 902)`)
        expect(crit.reason).toContain(forged)
        expect(crit.reason).toContain(real)
      })

      it('a chain of the set not configured: said unverifiable once (naming it), then left out', async () => {
        const devnet = await deployOpStack(l1, { respectedGameType: 4 })
        await devnet.createSuperGame({ l2Timestamp: at, outputs: await superRootOutputsOf([l2, other], at) })
        const adapter = createOpStackAdapter(chainConfig({ systemConfig: devnet.systemConfig }))
        const now = (await latestBlock(l1)).timestamp + 5
        expect(verdicts(await adapter.observe(now), now)['state-root-validity']).toMatchObject({
          status: 'unknown',
          reason: expect.stringContaining('chain 902 of its dependency set is not configured here (devnet matches)'),
        })
        expect(verdicts(await adapter.observe(now + 15), now + 15)['state-root-validity']).toBeUndefined()
      })

      it('through the runtime: two configured chains sharing one factory each verify the super root', async () => {
        const devnet = await deployOpStack(l1, { respectedGameType: 4 })
        await devnet.createSuperGame({ l2Timestamp: at, outputs: await superRootOutputsOf([l2, other], at) })
        const contracts = { systemConfig: devnet.systemConfig }
        const config = validateConfig({
          chains: [
            { name: 'devnet', stack: 'op-stack', l1Rpc: [l1.url], l2Rpc: [l2.url], contracts },
            { name: 'other', stack: 'op-stack', l1Rpc: [l1.url], l2Rpc: [other.url], contracts },
          ],
        })
        const runtime = await createRuntime({ config, store: { kind: 'embedded' }, consoleWrite: () => {} })
        try {
          const now = (await latestBlock(l1)).timestamp + 5
          const results = (await runTick({ ...runtime, clock: () => now })).results.filter((r) => r.check === 'state-root-validity')
          expect(results.map((r) => [r.chain, r.status])).toEqual([
            ['devnet', 'ok'],
            ['other', 'ok'],
          ])
        } finally {
          await runtime.close()
        }
      })
    })
  })

  describe('SystemConfig ≥ 2.0 (no l2OutputOracle())', () => {
    it('finds fault-proof contracts as before', async () => {
      const devnet = await deployOpStack(l1, { systemConfigV2: true })
      const found = await discoverOpStackContracts(createRpcClient({ urls: [l1.url] }), { contracts: { systemConfig: devnet.systemConfig } })
      expect(found).toMatchObject({ kind: 'dispute-games', disputeGameFactory: devnet.disputeGameFactory, maxClockDuration: 302_400 })
    })

    it('finds a legacy oracle through the portal, or says which key to configure', async () => {
      const legacy = await deployOpStack(l1, { systemConfigV2: true, legacyOutputOracle: true })
      const client = createRpcClient({ urls: [l1.url] })
      expect(await discoverOpStackContracts(client, { contracts: { systemConfig: legacy.systemConfig } })).toEqual({
        kind: 'l2-output-oracle',
        l2OutputOracle: legacy.l2OutputOracle,
      })
      // A portal that names no oracle, and no factory: the error says which key to set.
      await expect(discoverOpStackContracts(client, { contracts: { optimismPortal: legacy.anchorStateRegistry } })).rejects.toThrow(
        /SystemConfig ≥ 2\.0 has no l2OutputOracle\(\): for a chain still on L2OutputOracle set contracts\.l2OutputOracle/,
      )
    })
  })
})
