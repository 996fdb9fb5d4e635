import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runBreakerCommand } from '../../bin/breakerCommands.js'
import { openEmbeddedTable } from '../../functions/store/openEmbeddedTable.js'
import type { BreakerStatus } from '../../functions/breaker/createBreaker.js'
import { loadBreakerHostConfig } from '../../functions/breaker/loadBreakerConfig.js'
import { type Anvil, startAnvil } from '../devnet/anvil.js'
import {
  type BreakerTable,
  deployPausableTarget,
  fund,
  minedNonce,
  PAUSER_ADDRESS,
  type PausableTarget,
  startBreakerTable,
} from '../devnet/breakerDevnet.js'
import { type FakeSlack, startFakeSlack } from '../fakes/startFakeSlack.js'
import { type FakePagerduty, startFakePagerduty } from '../fakes/startFakePagerduty.js'
import { type FakeTelegram, startFakeTelegram } from '../fakes/startFakeTelegram.js'
import { breakerEnv, breakerFor, buildCritRun, chatTexts, createChainClock, createMiniTick, slackToken, telegramToken } from './harness.js'

/**
 * After the incident: "risk over", a grace period, "resuming is safe", and the unpause only on the operator's
 * `watchtower breaker resume ACTION`. Plus `status`, `test` and `address`, run through runBreakerCommand.
 */
describe('breaker resume, grace period and commands', () => {
  let watched: Anvil
  let sibling: Anvil
  let dynamo: BreakerTable
  let slack: FakeSlack
  let telegram: FakeTelegram
  let dir: string
  let configPath: string
  let target: PausableTarget
  let roleless: PausableTarget
  let clock: Awaited<ReturnType<typeof createChainClock>>
  let pagerduty: FakePagerduty
  const pagerdutyKey = 'serv1ceKey0123456789abcdefABCDEF'
  const env = { ...breakerEnv, PD_KEY: pagerdutyKey }
  const tableName = 'resume'

  beforeAll(async () => {
    ;[watched, sibling] = await Promise.all([startAnvil({ chainId: 901 }), startAnvil({ chainId: 902 })])
    ;[dynamo, slack, telegram, pagerduty] = await Promise.all([
      startBreakerTable(),
      startFakeSlack({ token: slackToken }),
      startFakeTelegram({ token: telegramToken }),
      startFakePagerduty({ routingKey: pagerdutyKey }),
    ])
    await dynamo.table(tableName)
    await fund(sibling, PAUSER_ADDRESS)
    target = await deployPausableTarget(sibling, { pauser: PAUSER_ADDRESS })
    roleless = await deployPausableTarget(sibling)
    clock = await createChainClock(watched)
    dir = mkdtempSync(join(tmpdir(), 'watchtower-breaker-'))
    configPath = join(dir, 'watchtower.config.yaml')
    writeFileSync(
      configPath,
      `chains:
  - name: watched
    stack: evm
    l2Rpc: [${watched.url}]
    thresholds: { liveness: { warn: 30, crit: 120 } }
  - name: sibling
    stack: evm
    l2Rpc: [${sibling.url}]
    explorer: https://sibling.example
notify:
  slack: { channel: C0B, tokenEnv: SLACK_T, apiUrl: "${slack.apiUrl}" }
  telegram: { chatId: "-100777", tokenEnv: TELEGRAM_T, apiRoot: "${telegram.apiRoot}" }
  pagerduty: { routingKeyEnv: PD_KEY, apiUrl: "${pagerduty.apiUrl}", severities: [crit] }
breaker:
  mode: armed
  signer:
    privateKeyEnv: PAUSER_KEY
  readiness: { everyTicks: 1000 }
  send: { receiptTimeoutSeconds: 5 }
  actions:
    - name: pause-perps
      chain: watched
      checks: [liveness]
      severity: crit
      for: 3
      target: { chain: sibling, address: "${target.address}" }
      grace: 600
    - name: pause-lending
      chain: watched
      checks: [liveness]
      for: 100000
      target: { chain: sibling, address: "${roleless.address}" }
`,
    )
  })

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true })
    await Promise.all([dynamo?.close(), slack?.stop(), telegram?.stop(), pagerduty?.stop()])
    await Promise.all([watched?.stop(), sibling?.stop()])
  })

  const cli = async (...args: string[]) => {
    const out: string[] = []
    const err: string[] = []
    const code = await runBreakerCommand(args, {
      configPath,
      stateDir: join(dir, 'state'),
      table: { tableName, endpoint: dynamo.server.endpoint },
      env,
      clock: () => clock.now,
      out: (line) => out.push(line),
      err: (line) => err.push(line),
    })
    return { code, out: out.join('\n'), err: err.join('\n') }
  }

  it('pauses, announces recovery and the grace period, refuses to resume early, resumes only on command', async () => {
    const config = loadBreakerHostConfig(configPath)
    const breaker = breakerFor({ config, tableName, dynamo, env })
    const miniTick = createMiniTick(config.chains)
    const tick = async () => (await breaker.afterTick({ results: await miniTick(['watched'], clock.now), now: clock.now })).find((o) => o.action === 'pause-perps')
    const lastTexts = chatTexts(slack, telegram).last

    expect((await cli('resume', 'pause-perps')).err).toMatch(/nothing to resume/)

    // The incident: paused.
    await buildCritRun(clock, tick)
    expect((await tick())?.decision).toBe('paused')
    expect(await target.isPaused()).toBe(true)

    const stillOpen = await cli('resume', 'pause-perps')
    expect(stillOpen.code).toBe(1)
    expect(stillOpen.err).toMatch(/still open/)

    // Blocks again: risk over, grace starts.
    await clock.produce()
    expect((await tick())?.decision).toBe('resolved')
    expect(lastTexts(1).slack[0]).toMatch(/risk over/)
    expect(lastTexts(1).telegram[0]).toMatch(/Resuming is announced as safe after the grace period \(10 min/)

    clock.advance(120)
    await clock.produce()
    expect((await tick())?.decision).toBe('none')
    const early = await cli('resume', 'pause-perps')
    expect(early.code).toBe(1)
    expect(early.err).toMatch(/grace period not over: resuming is safe from .* \(in \d+ s\)/)
    expect(await target.isPaused()).toBe(true)

    // The risk comes back within the grace period: the countdown restarts at the next recovery.
    clock.advance(200)
    expect((await tick())?.decision).toBe('relapsed')
    await clock.produce()
    expect((await tick())?.decision).toBe('resolved')
    const resolvedAt = clock.now
    for (let t = 0; t < 5; t++) {
      clock.advance(110)
      await clock.produce()
      expect((await tick())?.decision).toBe('none') // 5 × 111 s < 600 s since the new recovery
    }
    expect((await cli('resume', 'pause-perps')).err).toMatch(/grace period not over/)

    clock.advance(60)
    await clock.produce()
    expect(clock.now - resolvedAt).toBeGreaterThanOrEqual(600)
    const slackBefore = slack.requests.length
    expect((await tick())?.decision).toBe('resume-safe')
    expect(slack.requests.length).toBe(slackBefore + 1)
    expect(lastTexts(1).slack[0]).toMatch(/resuming is safe/)
    expect(lastTexts(1).telegram[0]).toMatch(/watchtower breaker resume pause-perps/)

    // Never unpauses by itself.
    for (let t = 0; t < 3; t++) {
      clock.advance(15)
      await clock.produce()
      await tick()
    }
    expect(await target.isPaused()).toBe(true)
    expect(slack.requests.length).toBe(slackBefore + 1)

    const nonce = await minedNonce(sibling, PAUSER_ADDRESS)
    const resumed = await cli('resume', 'pause-perps')
    expect(resumed.code).toBe(0)
    expect(resumed.out).toMatch(/pause-perps: unpaused/)
    expect(await target.isPaused()).toBe(false)
    expect(await minedNonce(sibling, PAUSER_ADDRESS)).toBe(nonce + 1)
    const hash = /tx (0x[0-9a-f]{64})/.exec(resumed.out)?.[1]
    expect(hash).toBeDefined()
    expect(lastTexts(1).slack[0]).toMatch(/RESUMED/)
    expect(lastTexts(1).slack[0]).toContain(hash)
    expect(lastTexts(1).telegram[0]).toContain(hash)

    // PagerDuty: the pause is one alert from PAUSED to the resume; the readiness problem of the other action its own;
    // risk over, relapse and "resuming is safe" are context on the service's incidents, not pages.
    expect(pagerduty.events.map((e) => [e.event_action, e.dedup_key, e.payload?.severity])).toEqual([
      ['trigger', 'breaker#pause-lending#readiness', 'warning'],
      ['trigger', 'breaker#pause-perps#000001', 'critical'],
      ['resolve', 'breaker#pause-perps#000001', undefined],
    ])
    const pausedHash = pagerduty.events[1]!.payload!.custom_details as { transactions: string[] }
    expect(pausedHash.transactions).toHaveLength(1)
    expect(pagerduty.events[1]!.payload!.summary).toBe('watched: Breaker PAUSED: pause-perps')
    expect(pagerduty.changes.map((c) => c.payload.summary)).toEqual([
      'watched: Breaker: risk over for pause-perps',
      'watched: Breaker: risk over for pause-perps',
      'watched: Breaker: resuming is safe: pause-perps',
    ])

    const again = await cli('resume', 'pause-perps')
    expect(again.code).toBe(1)
    expect(again.err).toMatch(/nothing to resume/)

    const status = await cli('status')
    expect(status.code).toBe(0)
    expect(status.out).toMatch(/breaker mode: armed/)
    expect(status.out).toMatch(/pause-perps: watched liveness ≥ crit ×3 → pause\(\) on 0x[0-9a-fA-F]{40} \(sibling\), route direct, grace 10 min/)
    expect(status.out).toMatch(/phase: idle; incident 000001/)
    expect(status.out).toContain(hash)
    expect(status.out).toMatch(/resumed: unpaused/)
    const parsed = JSON.parse((await cli('status', '--json')).out) as BreakerStatus
    expect(parsed.actions[0]).toMatchObject({ name: 'pause-perps', phase: 'idle', incident: { outcome: 'paused', resume: { outcome: 'unpaused' } } })
    expect(parsed.actions[0]?.log.map((e) => e.kind)).toEqual(expect.arrayContaining(['paused', 'resolved', 'relapsed', 'resume-safe', 'resumed', 'resume-refused']))
  })

  it('breaker test ACTION: ready, or not ready with the decoded revert; breaker address', async () => {
    const ready = await cli('test', 'pause-perps')
    expect(ready.code).toBe(0)
    expect(ready.out).toMatch(/pause-perps: READY \(signer 0x/)

    const notReady = await cli('test', 'pause-lending')
    expect(notReady.code).toBe(1)
    expect(notReady.out).toMatch(/NOT READY/)
    expect(notReady.out).toContain(`AccessControlUnauthorizedAccount(${PAUSER_ADDRESS}, PAUSER_ROLE)`)

    const address = await cli('address')
    expect(address).toMatchObject({ code: 0, out: PAUSER_ADDRESS })

    expect((await cli('test')).code).toBe(64)
    expect((await cli('test', 'nope')).err).toMatch(/no breaker action is named "nope"/)
    expect((await cli('frobnicate')).code).toBe(64)
  })

  it('works on the embedded state dir too, while `watchtower run` owns it, and reports config problems with their paths', async () => {
    const out: string[] = []
    // As `watchtower run` holds it: the breaker command uses run's server instead of being refused.
    const running = await openEmbeddedTable({ stateDir: join(dir, 'state'), exclusive: true, owner: { command: 'run', shared: true } })
    const code = await runBreakerCommand(['status'], { configPath, stateDir: join(dir, 'state'), env, out: (line) => out.push(line), err: () => {} })
    await running.close()
    expect(code).toBe(0)
    expect(out.join('\n')).toMatch(/readiness: not checked yet/)

    const bad = join(dir, 'bad.yaml')
    writeFileSync(bad, `chains:\n  - name: watched\n    stack: evm\n    l2Rpc: [${watched.url}]\nbreaker:\n  mode: armed\n  actions:\n    - name: x\n      chain: elsewhere\n      checks: [liveness]\n      target: { address: "0x12" }\n`)
    const errors: string[] = []
    expect(await runBreakerCommand(['status'], { configPath: bad, stateDir: join(dir, 'state'), env, out: () => {}, err: (line) => errors.push(line) })).toBe(3)
    expect(errors.join('\n')).toMatch(/breaker\.actions\[0\]\.target\.address: must be a 0x-prefixed/)
    expect(errors.join('\n')).toMatch(/breaker\.signer: armed mode needs a signer/)
  })
})
