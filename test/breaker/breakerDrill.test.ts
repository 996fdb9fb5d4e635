import { type Address, isAddressEqual, parseEventLogs } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { optimismPortalAbi } from '../../functions/breaker/inboxAbis.js'
import { type Anvil, latestBlock, mineBlocks, startAnvil } from '../devnet/anvil.js'
import {
  type BreakerTable,
  deployBreakerPortal,
  deployPausableTarget,
  deploySystemConfig,
  devClient,
  fund,
  minedNonce,
  PAUSER_ADDRESS,
  pooled,
  startBreakerTable,
} from '../devnet/breakerDevnet.js'
import { deployOpStack } from '../devnet/opStackDevnet.js'
import { type FakeSlack, startFakeSlack } from '../fakes/startFakeSlack.js'
import { type FakeTelegram, startFakeTelegram } from '../fakes/startFakeTelegram.js'
import { armedBreaker, breakerEnv, breakerFor, buildConfig, chatNotify, chatTexts, createChainClock, createMiniTick, slackToken, telegramToken } from './harness.js'

/**
 * The acceptance drill: an OP Stack devnet (anvil L1 with the OP contracts, an anvil L2 whose sequencer has
 * halted), the real OP Stack adapter and checks, dynalite, the real Slack and Telegram clients against loopback
 * fakes. Two actions: a perps market on the L2 (route both: the L1 deposit is what lands) and a bridge on L1.
 */
describe('breaker drill: L2 sequencer halted past crit', () => {
  let l1: Anvil
  let l2: Anvil
  let dynamo: BreakerTable
  let slack: FakeSlack
  let telegram: FakeTelegram
  let systemConfig: Address
  let portal: Address
  let clock: Awaited<ReturnType<typeof createChainClock>>
  let chat: ReturnType<typeof chatTexts>

  beforeAll(async () => {
    ;[l1, l2] = await Promise.all([startAnvil({ chainId: 900 }), startAnvil({ chainId: 901, slotsInAnEpoch: 4, noMining: true })])
    ;[dynamo, slack, telegram] = await Promise.all([startBreakerTable(), startFakeSlack({ token: slackToken }), startFakeTelegram({ token: telegramToken })])
    const devnet = await deployOpStack(l1, { l2 })
    // The chain's SystemConfig points at the devnet's DisputeGameFactory and at a portal with depositTransaction.
    portal = await deployBreakerPortal(l1, devnet.anchorStateRegistry)
    systemConfig = await deploySystemConfig(l1, { portal, disputeGameFactory: devnet.disputeGameFactory })
    const base = (await latestBlock(l1)).timestamp + 1000
    await mineBlocks(l2, 60, { timestamp: base - 118, interval: 2 })
    await devnet.createGame({ l2BlockNumber: 50n, timestamp: base - 600 })
    await Promise.all([fund(l1, PAUSER_ADDRESS), fund(l2, PAUSER_ADDRESS)])
    clock = await createChainClock(l2)
    chat = chatTexts(slack, telegram)
  })

  afterAll(async () => {
    await Promise.all([dynamo?.close(), slack?.stop(), telegram?.stop()])
    await Promise.all([l1?.stop(), l2?.stop()])
  })

  async function drill(mode: 'shadow' | 'armed', tableName: string) {
    const perps = await deployPausableTarget(l2, { pauser: PAUSER_ADDRESS })
    const bridge = await deployPausableTarget(l1, { pauser: PAUSER_ADDRESS })
    const breakerInput = armedBreaker(
      [
        { name: 'pause-perps-op', chain: 'op-devnet', checks: ['liveness', 'sequencer-lag'], severity: 'crit', for: 3, target: { chain: 'l2', address: perps.address }, grace: 3600 },
        { name: 'pause-bridge-l1', chain: 'op-devnet', checks: ['liveness'], for: 3, target: { chain: 'l1', address: bridge.address } },
      ],
      { mode, send: { receiptTimeoutSeconds: 2 }, l1Explorer: 'https://l1.example' },
    )
    const config = buildConfig({
      chains: [
        {
          name: 'op-devnet',
          stack: 'op-stack',
          l2Rpc: [l2.url],
          l1Rpc: [l1.url],
          contracts: { systemConfig },
          explorer: 'https://l2.example',
          thresholds: { liveness: { warn: 30, crit: 120 } },
        },
      ],
      notify: chatNotify({ slack, telegram, channel: 'C0DRILL', chatId: '-100999' }),
      breaker: breakerInput,
    })
    const breaker = breakerFor({ config, tableName: await dynamo.table(tableName), dynamo, env: breakerEnv })
    const miniTick = createMiniTick(config.chains)
    const tick = async () => {
      const results = await miniTick(['op-devnet'], clock.now)
      return { results, outcomes: await breaker.afterTick({ results, now: clock.now }) }
    }
    return { perps, bridge, tick, breaker }
  }

  /** Healthy tick, then the sequencer stops: three ticks past crit. Returns the outcomes of the third. */
  async function halt(tick: () => Promise<{ results: { check: string; status: string }[]; outcomes: { action: string; decision: string }[] }>) {
    await clock.produce([l2])
    clock.advance(5)
    const healthy = await tick()
    expect(healthy.results.map((r) => [r.check, r.status])).toEqual(
      expect.arrayContaining([
        ['liveness', 'ok'],
        ['sequencer-lag', 'ok'],
        ['state-root-finality', 'ok'],
      ]),
    )
    let last
    for (const seconds of [200, 15, 15]) {
      clock.advance(seconds)
      last = await tick()
      expect(last.results.find((r) => r.check === 'liveness')?.status).toBe('crit')
    }
    return last!.outcomes
  }

  it('shadow mode: the drill sends no transaction and announces "would pause" for each action', async () => {
    const { perps, bridge, tick } = await drill('shadow', 'drill-shadow')
    const l1Nonce = await minedNonce(l1, PAUSER_ADDRESS)
    const before = chat.mark()
    const outcomes = await halt(tick)
    expect(outcomes.map((o) => [o.action, o.decision])).toEqual([
      ['pause-perps-op', 'would-pause'],
      ['pause-bridge-l1', 'would-pause'],
    ])
    clock.advance(15)
    await tick()
    expect(await minedNonce(l1, PAUSER_ADDRESS)).toBe(l1Nonce)
    expect(await pooled(l2, PAUSER_ADDRESS)).toEqual([])
    expect(await perps.isPaused()).toBe(false)
    expect(await bridge.isPaused()).toBe(false)
    const sent = chat.since(before)
    for (const texts of [sent.slack, sent.telegram]) {
      expect(texts).toHaveLength(2)
      expect(texts[0]).toMatch(/would pause: pause-perps-op/)
      expect(texts[1]).toMatch(/would pause: pause-bridge-l1/)
    }
    expect(sent.telegram[0]).toMatch(/route both/)
  })

  it('armed: exactly one pause transaction lands per action, both channels get its hash; rerunning the tick sends nothing more', async () => {
    const { perps, bridge, tick, breaker } = await drill('armed', 'drill-armed')
    const l1Nonce = await minedNonce(l1, PAUSER_ADDRESS)
    const before = chat.mark()
    const outcomes = await halt(tick)
    expect(outcomes.map((o) => [o.action, o.decision])).toEqual([
      ['pause-perps-op', 'submitted'], // the L2 is halted: the deposit through L1 is what lands
      ['pause-bridge-l1', 'paused'],
    ])

    // On L1: one deposit (perps) and one pause (bridge), nothing else.
    expect(await minedNonce(l1, PAUSER_ADDRESS)).toBe(l1Nonce + 2)
    expect(await bridge.isPaused()).toBe(true)
    const status = await breaker.status()
    const perpsRoutes = status.actions[0]!.incident!.routes
    const deposit = perpsRoutes.find((r) => r.route === 'l1-inbox')!
    expect(deposit).toMatchObject({ status: 'mined', kind: 'op-deposit', to: portal })
    const receipt = await devClient(l1).getTransactionReceipt({ hash: deposit.minedHash! })
    const [event] = parseEventLogs({ abi: optimismPortalAbi, eventName: 'TransactionDeposited', logs: receipt.logs })
    expect(isAddressEqual(event!.args.to, perps.address)).toBe(true)
    expect(isAddressEqual(event!.args.from, PAUSER_ADDRESS)).toBe(true)
    // The direct transaction waits at the halted sequencer; it has not landed.
    const direct = perpsRoutes.find((r) => r.route === 'direct')!
    expect(direct.status).toBe('pending')
    expect((await pooled(l2, PAUSER_ADDRESS)).map((t) => t.hash)).toEqual([direct.transactions[0]!.hash])
    const bridgeHash = status.actions[1]!.incident!.routes[0]!.minedHash!

    const sent = chat.since(before)
    for (const texts of [sent.slack, sent.telegram]) {
      expect(texts).toHaveLength(2)
      expect(texts[0]).toContain(deposit.minedHash!)
      expect(texts[1]).toContain(bridgeHash)
    }
    expect(sent.telegram[0]).toContain(`https://l1.example/tx/${deposit.minedHash}`)
    expect(sent.telegram[1]).toContain(`https://l1.example/tx/${bridgeHash}`)

    // The tick runs again (and again): no new transaction on either chain, no new message.
    for (let i = 0; i < 3; i++) {
      clock.advance(15)
      const { outcomes: again } = await tick()
      expect(again.map((o) => o.decision)).toEqual(['none', 'none'])
    }
    expect(await minedNonce(l1, PAUSER_ADDRESS)).toBe(l1Nonce + 2)
    expect(await pooled(l2, PAUSER_ADDRESS)).toHaveLength(1)
    expect(chat.since(before).slack).toHaveLength(2)
    expect(chat.since(before).telegram).toHaveLength(2)
  })
})

