import { isAddressEqual, parseEther } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Breaker } from '../../functions/breaker/createBreaker.js'
import type { BreakerConfigInput } from '../../functions/config/breakerSchema.js'
import { type Anvil, startAnvil } from '../devnet/anvil.js'
import {
  type BreakerTable,
  deployPausableTarget,
  devClient,
  fund,
  minedNonce,
  PAUSER_ADDRESS,
  type PausableTarget,
  startBreakerTable,
} from '../devnet/breakerDevnet.js'
import { type RpcProxy, startRpcProxy } from '../devnet/rpcProxy.js'
import { type FakeKms, startFakeKms } from '../fakes/kms/startFakeKms.js'
import { type FakePagerduty, startFakePagerduty } from '../fakes/startFakePagerduty.js'
import { type FakeSlack, startFakeSlack } from '../fakes/startFakeSlack.js'
import { type FakeTelegram, startFakeTelegram } from '../fakes/startFakeTelegram.js'
import { armedBreaker, breakerEnv, breakerFor, buildConfig, buildCritRun, chatNotify, chatTexts, createChainClock, createMiniTick, slackToken, telegramToken } from './harness.js'

/**
 * Direct route, end to end on anvil: a watched chain whose blocks stop (liveness crit), a sibling chain holding an
 * OpenZeppelin Pausable + AccessControl target, dynalite, the real Slack/Telegram clients against loopback fakes.
 */
describe('breaker, direct route, on anvil', () => {
  let watched: Anvil // the L2 being watched; its RPC sits behind a proxy that can go down
  let second: Anvil // a second, independent RPC of the same chain (for the two-RPC rule)
  let sibling: Anvil // where the target contract lives (automine)
  let mainnet: Anvil // a node claiming chain id 10, for the private-key guard
  let proxy: RpcProxy
  let secondProxy: RpcProxy
  let dynamo: BreakerTable
  let slack: FakeSlack
  let telegram: FakeTelegram
  let kms: FakeKms
  let pagerduty: FakePagerduty
  let clock: Awaited<ReturnType<typeof createChainClock>>
  let chat: ReturnType<typeof chatTexts>
  const consoleLines: string[] = []
  const pagerdutyKey = 'serv1ceKey0123456789abcdefABCDEF'
  const env: Record<string, string> = { ...breakerEnv, PD_KEY: pagerdutyKey }

  beforeAll(async () => {
    ;[watched, second, sibling, mainnet] = await Promise.all([
      startAnvil({ chainId: 901 }),
      startAnvil({ chainId: 901 }),
      startAnvil({ chainId: 902 }),
      startAnvil({ chainId: 10 }),
    ])
    ;[proxy, secondProxy, dynamo, slack, telegram, kms, pagerduty] = await Promise.all([
      startRpcProxy(watched.url),
      startRpcProxy(second.url),
      startBreakerTable(),
      startFakeSlack({ token: slackToken }),
      startFakeTelegram({ token: telegramToken }),
      startFakeKms({ aliases: ['alias/watchtower-breaker'] }),
      startFakePagerduty({ routingKey: pagerdutyKey }),
    ])
    await Promise.all([fund(sibling, PAUSER_ADDRESS), fund(mainnet, PAUSER_ADDRESS), fund(sibling, kms.address)])
    clock = await createChainClock(watched, second)
    chat = chatTexts(slack, telegram)
  })

  afterAll(async () => {
    await Promise.all([proxy?.stop(), secondProxy?.stop(), dynamo?.close(), slack?.stop(), telegram?.stop(), kms?.stop(), pagerduty?.stop()])
    await Promise.all([watched?.stop(), second?.stop(), sibling?.stop(), mainnet?.stop()])
  })

  const chains = () => [
    { name: 'watched', stack: 'evm', l2Rpc: [proxy.url], thresholds: { liveness: { warn: 30, crit: 120 } } },
    { name: 'watched-two-rpcs', stack: 'evm', l2Rpc: [proxy.url, secondProxy.url], thresholds: { liveness: { warn: 30, crit: 120 } } },
    { name: 'sibling', stack: 'evm', l2Rpc: [sibling.url], explorer: 'https://sibling.example' },
    { name: 'mainnet-like', stack: 'evm', l2Rpc: [mainnet.url] },
  ]

  let tableCount = 0
  async function scenario(options: {
    mode?: 'shadow' | 'armed'
    target: PausableTarget
    chain?: string
    targetChain?: string
    signer?: BreakerConfigInput['signer']
    action?: Record<string, unknown>
    breaker?: Partial<BreakerConfigInput>
    instances?: number
  }) {
    const config = buildConfig({
      chains: chains(),
      notify: { ...chatNotify({ slack, telegram }), pagerduty: { routingKeyEnv: 'PD_KEY', apiUrl: pagerduty.apiUrl } },
      breaker: armedBreaker(
        [
          {
            name: 'pause-perps',
            chain: options.chain ?? 'watched',
            checks: ['liveness'],
            severity: 'crit',
            for: 3,
            target: { chain: options.targetChain ?? 'sibling', address: options.target.address },
            ...options.action,
          },
        ],
        { ...(options.mode ? { mode: options.mode } : {}), ...(options.signer ? { signer: options.signer } : {}), ...options.breaker },
      ),
    })
    const tableName = await dynamo.table(`breaker-${++tableCount}`)
    const breakers: Breaker[] = Array.from({ length: options.instances ?? 1 }, () =>
      breakerFor({ config, tableName, dynamo, env, kmsClient: kms.client(), consoleLines }),
    )
    const miniTick = createMiniTick(config.chains)
    const watchedName = options.chain ?? 'watched'
    const tick = async (breaker = breakers[0]!) => breaker.afterTick({ results: await miniTick([watchedName], clock.now), now: clock.now })
    return { config, breakers, breaker: breakers[0]!, tick, miniTick, watchedName }
  }


  it('armed, liveness crit for 3 observations: exactly one pause mined, paused() true, both channels get the hash; reruns send nothing', async () => {
    const target = await deployPausableTarget(sibling, { pauser: PAUSER_ADDRESS })
    const { tick, breaker } = await scenario({ target })
    const nonce = await minedNonce(sibling, PAUSER_ADDRESS)
    const before = chat.mark()

    await clock.produce()
    clock.advance(5)
    expect((await tick())[0]?.decision).toBe('none')
    clock.advance(200) // no block for 200 s: crit
    expect((await tick())[0]?.decision).toBe('building')
    clock.advance(15)
    expect((await tick())[0]?.decision).toBe('building')
    expect(await target.isPaused()).toBe(false)
    clock.advance(15)
    const [fired] = await tick()

    expect(fired?.decision).toBe('paused')
    expect(await target.isPaused()).toBe(true)
    expect(await minedNonce(sibling, PAUSER_ADDRESS)).toBe(nonce + 1)
    const direct = fired?.routes?.[0]
    expect(direct).toMatchObject({ route: 'direct', status: 'mined', chain: 'sibling', chainId: 902, nonce })
    const hash = direct!.minedHash!
    const receipt = await devClient(sibling).getTransactionReceipt({ hash })
    expect(receipt.status).toBe('success')
    expect(isAddressEqual(receipt.from, PAUSER_ADDRESS)).toBe(true)
    const tx = await devClient(sibling).getTransaction({ hash })
    expect(tx.type).toBe('eip1559')
    expect(tx.input).toBe('0x8456cb59') // pause()

    const sent = chat.since(before)
    expect(sent.slack).toHaveLength(1)
    expect(sent.telegram).toHaveLength(1)
    expect(sent.slack[0]).toContain(hash)
    expect(sent.slack[0]).toMatch(/PAUSED/)
    expect(sent.telegram[0]).toContain(hash)
    expect(sent.telegram[0]).toContain(`https://sibling.example/tx/${hash}`)
    expect(slack.requests.at(-1)?.body.channel).toBe('C0BREAKER')

    // The tick runs again, and again: nothing more is sent or announced.
    for (let i = 0; i < 3; i++) {
      clock.advance(15)
      const [again] = await tick()
      expect(['none', 'building']).toContain(again?.decision)
    }
    expect(await minedNonce(sibling, PAUSER_ADDRESS)).toBe(nonce + 1)
    expect(chat.since(before).slack).toHaveLength(1)
    expect(chat.since(before).telegram).toHaveLength(1)

    const status = await breaker.status()
    const action = status.actions[0]!
    expect(action.phase).toBe('open')
    expect(action.incident).toMatchObject({ outcome: 'paused', attempts: 1, id: '000001' })
    expect(action.incident?.routes[0]).toMatchObject({ minedHash: hash, nonce, status: 'mined' })
    expect(action.incident?.routes[0]?.transactions[0]).toMatchObject({ hash })
    expect(BigInt(action.incident!.routes[0]!.transactions[0]!.maxFeePerGas)).toBeGreaterThan(0n)
    expect(action.log.map((e) => e.kind)).toContain('paused')
  })

  it('shadow: the same incident sends nothing, records and announces "would pause"', async () => {
    const target = await deployPausableTarget(sibling, { pauser: PAUSER_ADDRESS })
    const { tick, breaker } = await scenario({ target, mode: 'shadow' })
    const nonce = await minedNonce(sibling, PAUSER_ADDRESS)
    const before = chat.mark()
    await buildCritRun(clock, tick)
    expect((await tick())[0]?.decision).toBe('would-pause')
    clock.advance(15)
    expect(['none', 'building']).toContain((await tick())[0]?.decision)

    expect(await target.isPaused()).toBe(false)
    expect(await minedNonce(sibling, PAUSER_ADDRESS)).toBe(nonce)
    const sent = chat.since(before)
    expect(sent.slack).toHaveLength(1)
    expect(sent.telegram).toHaveLength(1)
    expect(sent.slack[0]).toMatch(/would pause/)
    expect(sent.telegram[0]).toMatch(/would pause/)
    expect(sent.telegram[0]).toContain(target.address)
    const status = await breaker.status()
    expect(status.actions[0]?.incident).toMatchObject({ outcome: 'would-pause', mode: 'shadow' })
    expect(status.actions[0]?.log[0]).toMatchObject({ kind: 'would-pause' })
    expect(consoleLines.some((line) => line.includes('would pause: pause-perps'))).toBe(true)
  })

  it('two ticks at once (two processes): one claim, one transaction', async () => {
    const target = await deployPausableTarget(sibling, { pauser: PAUSER_ADDRESS })
    const { breakers, miniTick } = await scenario({ target, instances: 2 })
    const nonce = await minedNonce(sibling, PAUSER_ADDRESS)
    await clock.produce()
    for (const seconds of [200, 15]) {
      clock.advance(seconds)
      await breakers[0]!.afterTick({ results: await miniTick(['watched'], clock.now), now: clock.now })
    }
    clock.advance(15)
    const results = await miniTick(['watched'], clock.now)
    const outcomes = await Promise.all(breakers.map((b) => b.afterTick({ results, now: clock.now })))
    const decisions = outcomes.map((o) => o[0]?.decision).sort()
    expect(decisions).toEqual(['lost-race', 'paused'])
    expect(await minedNonce(sibling, PAUSER_ADDRESS)).toBe(nonce + 1)
    expect(await target.isPaused()).toBe(true)

    // And two concurrent reruns afterwards: still one.
    clock.advance(15)
    const later = await miniTick(['watched'], clock.now)
    await Promise.all(breakers.map((b) => b.afterTick({ results: later, now: clock.now })))
    expect(await minedNonce(sibling, PAUSER_ADDRESS)).toBe(nonce + 1)
  })

  it('crit that does not hold for the required count never pauses', async () => {
    const target = await deployPausableTarget(sibling, { pauser: PAUSER_ADDRESS })
    const { tick } = await scenario({ target })
    const nonce = await minedNonce(sibling, PAUSER_ADDRESS)
    for (let round = 0; round < 3; round++) {
      await clock.produce()
      clock.advance(200)
      expect((await tick())[0]?.decision).toBe('building') // crit once
      clock.advance(15)
      expect((await tick())[0]?.decision).toBe('building') // twice
      await clock.produce() // blocks again: the run is broken
      clock.advance(5)
      expect((await tick())[0]?.decision).toBe('none')
    }
    expect(await target.isPaused()).toBe(false)
    expect(await minedNonce(sibling, PAUSER_ADDRESS)).toBe(nonce)
  })

  it('unknown never pauses: an unreachable RPC for many ticks, and unknown breaking a crit run', async () => {
    const target = await deployPausableTarget(sibling, { pauser: PAUSER_ADDRESS })
    const { tick } = await scenario({ target })
    const nonce = await minedNonce(sibling, PAUSER_ADDRESS)
    await clock.produce()
    proxy.setDown('503')
    try {
      for (let i = 0; i < 6; i++) {
        clock.advance(200)
        const [outcome] = await tick()
        expect(outcome?.decision).toBe('none')
      }
    } finally {
      proxy.setDown(false)
    }
    // crit, crit, unknown, crit: not three consecutive
    clock.advance(15)
    expect((await tick())[0]?.decision).toBe('building')
    clock.advance(15)
    expect((await tick())[0]?.decision).toBe('building')
    proxy.setDown('reset')
    clock.advance(15)
    try {
      expect((await tick())[0]?.decision).toBe('none')
    } finally {
      proxy.setDown(false)
    }
    clock.advance(15)
    expect((await tick())[0]?.decision).toBe('building')
    expect(await minedNonce(sibling, PAUSER_ADDRESS)).toBe(nonce)
    expect(await target.isPaused()).toBe(false)
    await clock.produce()
  })

  it('two RPCs listed: crit seen through only one of them does not pause; when both agree it does', async () => {
    const target = await deployPausableTarget(sibling, { pauser: PAUSER_ADDRESS })
    const { tick, breaker } = await scenario({ target, chain: 'watched-two-rpcs' })
    const nonce = await minedNonce(sibling, PAUSER_ADDRESS)
    await clock.produce([watched, second])

    // The first RPC's node stalls while the second keeps producing blocks: the tick itself reads the fresher head.
    for (let i = 0; i < 4; i++) {
      clock.advance(60)
      await clock.produce([second])
      expect((await tick())[0]?.decision).toBe('none')
    }
    // The second RPC stops answering: the tick sees only the stalled one (crit), but no second RPC agrees.
    secondProxy.setDown('503')
    let last
    try {
      for (let i = 0; i < 4; i++) {
        clock.advance(60)
        last = (await tick())[0]
      }
    } finally {
      secondProxy.setDown(false)
    }
    expect(last?.decision).toBe('unconfirmed')
    expect(last?.message).toMatch(/1 of 2 required RPCs agree/)
    const unconfirmed = (await breaker.status()).actions[0]!.log.filter((e) => e.kind === 'unconfirmed')
    expect(unconfirmed).toHaveLength(1)
    expect(await minedNonce(sibling, PAUSER_ADDRESS)).toBe(nonce)
    expect(await target.isPaused()).toBe(false)

    // Both nodes stalled and both answering: two independent RPCs agree.
    clock.advance(200)
    const [fired] = await tick()
    expect(fired?.decision).toBe('paused')
    expect(await target.isPaused()).toBe(true)
    expect(await minedNonce(sibling, PAUSER_ADDRESS)).toBe(nonce + 1)
    await clock.produce([watched, second])
  })

  it('target already paused: recorded and announced, no transaction', async () => {
    const target = await deployPausableTarget(sibling, { pauser: PAUSER_ADDRESS })
    await target.pauseAsAdmin()
    const { tick } = await scenario({ target })
    const nonce = await minedNonce(sibling, PAUSER_ADDRESS)
    const before = chat.mark()
    await buildCritRun(clock, tick)
    const [outcome] = await tick()
    expect(outcome?.decision).toBe('already-paused')
    expect(outcome?.routes?.[0]?.transactions).toEqual([])
    expect(await minedNonce(sibling, PAUSER_ADDRESS)).toBe(nonce)
    expect(chat.since(before).slack.join('\n')).toMatch(/already paused/)
    expect(chat.since(before).telegram.join('\n')).toMatch(/already paused/)
  })

  it('signer lacks the role: a "not ready" alert naming the error, then no transaction storm during the incident', async () => {
    const target = await deployPausableTarget(sibling) // PAUSER_ROLE never granted
    const { tick, breaker } = await scenario({ target, breaker: { readiness: { everyTicks: 2 }, send: { receiptTimeoutSeconds: 5, retrySeconds: 0, maxAttempts: 3 } } })
    const nonce = await minedNonce(sibling, PAUSER_ADDRESS)
    const before = chat.mark()
    const pagesBefore = pagerduty.events.length
    await clock.produce()
    clock.advance(5)
    await tick() // readiness runs on this tick (the first)
    const notReady = chat.since(before)
    expect(notReady.slack).toHaveLength(1)
    expect(notReady.telegram).toHaveLength(1)
    expect(notReady.telegram[0]).toMatch(/NOT READY/)
    expect(notReady.telegram[0]).toContain(`AccessControlUnauthorizedAccount(${PAUSER_ADDRESS}, PAUSER_ROLE)`)

    // The incident: crit for many ticks. Every attempt is simulated first and reverts: nothing is sent.
    clock.advance(200)
    for (let i = 0; i < 10; i++) {
      await tick()
      clock.advance(15)
    }
    expect(await minedNonce(sibling, PAUSER_ADDRESS)).toBe(nonce)
    expect(await target.isPaused()).toBe(false)
    const all = chat.since(before)
    // not ready (once, readiness unchanged after), could not pause (first attempt, and the final one)
    expect(all.slack.filter((t) => /NOT READY/.test(t))).toHaveLength(1)
    expect(all.slack.filter((t) => /could NOT pause/.test(t)).length).toBeGreaterThanOrEqual(1)
    expect(all.slack.filter((t) => /could NOT pause/.test(t)).length).toBeLessThanOrEqual(2)
    expect(all.slack).toHaveLength(all.telegram.length)
    // PagerDuty: NOT READY its own alert (once); the failed pause one alert on the incident, a human has to pause by hand.
    const status = await breaker.status()
    const incident = status.actions[0]!.incident!.id
    const pages = pagerduty.events.slice(pagesBefore)
    expect(pages[0]).toMatchObject({ event_action: 'trigger', dedup_key: 'breaker#pause-perps#readiness', payload: { severity: 'warning', summary: 'watched: Breaker NOT READY: pause-perps' } })
    expect(pages.slice(1).map((e) => [e.event_action, e.dedup_key, e.payload?.severity])).toEqual(
      all.slack.filter((t) => /could NOT pause/.test(t)).map(() => ['trigger', `breaker#pause-perps#${incident}`, 'critical']),
    )
    expect(String((pages[1]?.payload?.custom_details as { lines?: string } | undefined)?.lines)).toContain('AccessControlUnauthorizedAccount')
    expect(status.actions[0]?.incident).toMatchObject({ outcome: 'failed', attempts: 3 })
    expect(status.actions[0]?.incident?.lastError).toContain('AccessControlUnauthorizedAccount')
    expect(status.actions[0]?.readiness?.ready).toBe(false)
    const [report] = await breaker.checkReadiness('pause-perps')
    expect(report?.problems.map((p) => p.what)).toEqual(['simulate sibling'])
    await clock.produce()
  })

  it('KMS signer: the pause is signed by AWS KMS and sent from the key’s address', async () => {
    const target = await deployPausableTarget(sibling, { pauser: kms.address })
    // As deployed: the stack creates the key and hands its id to the function in an environment variable.
    env.BREAKER_KEY_ID = 'alias/watchtower-breaker'
    const { tick, breaker } = await scenario({ target, signer: { kms: { keyIdEnv: 'BREAKER_KEY_ID' } } })
    expect(await breaker.signerAddress()).toBe(kms.address)
    const [ready] = await breaker.checkReadiness()
    expect(ready).toMatchObject({ ready: true, signer: kms.address })

    await buildCritRun(clock, tick)
    const signsBefore = kms.requests.filter((r) => r.operation === 'Sign').length
    const [fired] = await tick()
    expect(fired?.decision).toBe('paused')
    expect(await target.isPaused()).toBe(true)
    const tx = await devClient(sibling).getTransaction({ hash: fired!.routes![0]!.minedHash! })
    expect(isAddressEqual(tx.from, kms.address)).toBe(true)
    expect(kms.requests.filter((r) => r.operation === 'Sign').length).toBe(signsBefore + 1)

    // Readiness reaches the key: denied GetPublicKey is a readiness problem.
    kms.denyAccess(['GetPublicKey'])
    try {
      const [report] = await breaker.checkReadiness()
      expect(report?.ready).toBe(false)
      expect(report?.problems[0]).toMatchObject({ what: 'kms' })
      expect(report?.problems[0]?.message).toMatch(/denied kms:GetPublicKey/)
    } finally {
      kms.allowAccess()
    }
    await clock.produce()
  })

  it('a private key is refused on a known mainnet chain id (nothing sent)', async () => {
    await fund(mainnet, PAUSER_ADDRESS, '1')
    const target = await deployPausableTarget(mainnet, { pauser: PAUSER_ADDRESS })
    const { tick, breaker } = await scenario({ target, targetChain: 'mainnet-like' })
    const [report] = await breaker.checkReadiness()
    expect(report?.problems[0]?.message).toMatch(/refusing to sign for mainnet-like \(chain id 10/)
    await buildCritRun(clock, tick)
    const [outcome] = await tick()
    expect(outcome?.decision).toBe('failed')
    expect(outcome?.message).toMatch(/refusing to sign/)
    expect(await minedNonce(mainnet, PAUSER_ADDRESS)).toBe(0)
    expect(parseEther('1')).toBeGreaterThan(0n)
    await clock.produce()
  })
})
