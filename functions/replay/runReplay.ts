import { validateConfig } from '../config/parseConfig.js'
import { createRuntime } from '../runtime/createRuntime.js'
import { runTick, type TickResult } from '../tick.js'
import type { BreakerOutcome } from '../breaker/types.js'
import { alignStartTime } from './alignStartTime.js'
import { buildReplayReport, type ReplayReport, type TickRecord } from './buildReplayReport.js'
import type { ChainDriver } from './ChainDriver.js'
import { seedOf } from './createJitter.js'
import { ScenarioError } from './loadScenario.js'
import { incidentWindows, planTicks } from './planTicks.js'
import { replayDrivers } from './replayDrivers.js'
import { replayProblems } from './replayProblems.js'
import type { Scenario, ScenarioChain } from './scenarioSchema.js'

/** The Lambda's and `watchtower run`'s poll interval: ticks inside incident windows come this often. */
export const replayPollInterval = 15


const slackToken = 'xoxb-replay'
const telegramToken = '123456:replay'

export interface ReplayTick {
  /** Offset from the scenario start, seconds. */
  readonly offset: number
  readonly result: TickResult
  readonly breaker: readonly BreakerOutcome[]
}

export interface ReplayOptions {
  /** Virtual seconds per wall-clock second, at most (default: as fast as the devnets go). */
  readonly speed?: number
  /** After every tick (the demo's live table). */
  readonly onTick?: (tick: ReplayTick) => void
  /** Every chat message as the loopback Slack received it: posted (a new message or reply) or an edit of one. */
  readonly onSlackMessage?: (text: string, offset: number, how: 'posted' | 'updated') => void
  /** Progress lines (devnets starting, …). */
  readonly log?: (line: string) => void
}

async function startDriver(chain: ScenarioChain, scenario: Scenario): Promise<ChainDriver> {
  const createDriver = await replayDrivers[chain.stack]!.load()
  const maxReorgDepth = Math.max(0, ...scenario.events.filter((event) => event.chain === chain.name && event.do === 'reorg').map((event) => ('depth' in event ? event.depth : 0)))
  return createDriver(chain, { jitter: scenario.jitter, seed: seedOf(`${scenario.name}/${chain.name}`), maxReorgDepth })
}

/** Loads test-only devnet code with a plain message when the dev dependencies are missing (npm ci --omit=dev). */
async function loadFakes() {
  try {
    const [{ startFakeSlack }, { startFakeTelegram }] = await Promise.all([import('../../test/fakes/startFakeSlack.js'), import('../../test/fakes/startFakeTelegram.js')])
    return { startFakeSlack, startFakeTelegram }
  } catch (error) {
    throw new ScenarioError('(replay)', [{ path: '', message: 'replay needs the devnet tools (anvil, solc: dev dependencies); run npm install' }], { cause: error })
  }
}

/**
 * Replays a scenario: devnets per chain, the real tick on an embedded store with the scenario's config, loopback
 * Slack and Telegram, the breaker in shadow mode, ticks on a virtual clock. Resolves with the report.
 */
export async function runReplay(scenario: Scenario, options: ReplayOptions = {}): Promise<ReplayReport> {
  const problems = replayProblems(scenario)
  if (problems.length > 0) throw new ScenarioError(scenario.name, problems)
  const wallStart = performance.now()
  const log = options.log ?? (() => {})
  const { startFakeSlack, startFakeTelegram } = await loadFakes()
  const [slack, telegram] = await Promise.all([startFakeSlack({ token: slackToken }), startFakeTelegram({ token: telegramToken })])
  const drivers: ChainDriver[] = []
  let closeRuntime = async () => {}
  try {
    log(`starting devnets for ${scenario.chains.map((chain) => `${chain.name} (${chain.stack})`).join(', ')}`)
    drivers.push(...(await Promise.all(scenario.chains.map((chain) => startDriver(chain, scenario)))))
    const t0 = alignStartTime(Math.max(...drivers.map((driver) => driver.startTime)))
    for (const driver of drivers) await driver.begin(t0)

    const breakerOutcomes: BreakerOutcome[][] = []
    const config = validateConfig({
      chains: drivers.map((driver) => ({ ...driver.configInput(), ...(scenario.config.thresholds ? { thresholds: scenario.config.thresholds } : {}) })),
      ...(scenario.config.alerts ? { alerts: scenario.config.alerts } : {}),
      notify: {
        slack: { channel: 'C0REPLAY', tokenEnv: 'REPLAY_SLACK_TOKEN', apiUrl: slack.apiUrl },
        telegram: { chatId: '-100100', tokenEnv: 'REPLAY_TELEGRAM_TOKEN', apiRoot: telegram.apiRoot },
      },
      breaker: {
        mode: 'shadow',
        readiness: { everyTicks: 1_000_000 },
        actions:
          scenario.config.breaker?.actions ??
          drivers.map((driver) => ({ name: `pause-${driver.name}`, chain: driver.name, checks: ['liveness', 'state-root-validity'], for: 3, target: { chain: 'l1', address: driver.breakerTarget } })),
      },
    }, `${scenario.name} (generated config)`)
    const runtime = await createRuntime({
      config,
      store: { kind: 'embedded' },
      env: { REPLAY_SLACK_TOKEN: slackToken, REPLAY_TELEGRAM_TOKEN: telegramToken },
      consoleWrite: false,
      onBreakerOutcomes: (outcomes) => breakerOutcomes.push([...outcomes]),
    })
    closeRuntime = runtime.close

    const windows = incidentWindows(scenario)
    const records: TickRecord[] = []
    const events = [...scenario.events]
    let slackSeen = 0
    let telegramSeen = 0
    const tickTimes = planTicks(scenario, replayPollInterval)
    log(`replaying ${scenario.name}: ${tickTimes.length} ticks over ${scenario.duration} s of virtual time`)
    const pacedStart = performance.now()
    for (const offset of tickTimes) {
      while (events.length > 0 && events[0]!.at <= offset) {
        const event = events.shift()!
        const driver = drivers.find((d) => d.name === event.chain)!
        // A reorg replaces blocks the watchtower has seen (the head of the last tick), so the chain is not brought
        // forward first; every other event happens on the chain as it stands at the event's time.
        if (event.do !== 'reorg') await driver.advanceTo(t0 + event.at)
        await driver.apply(event, t0 + event.at)
      }
      for (const driver of drivers) await driver.advanceTo(t0 + offset)
      if (options.speed) {
        const wait = (offset / options.speed) * 1000 - (performance.now() - pacedStart)
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
      }
      breakerOutcomes.length = 0
      const result = await runTick({ ...runtime, clock: () => t0 + offset })
      const states = result.changes.length > 0 ? await runtime.store.getCheckStates() : new Map()
      const breaker = breakerOutcomes.flat()
      const newSlack = slack.requests.slice(slackSeen)
      const newTelegram = telegram.requests.slice(telegramSeen)
      records.push({
        posted: {
          slack: newSlack.filter((request) => request.method === 'chat.postMessage').length,
          telegram: newTelegram.filter((request) => request.method === 'sendMessage').length,
        },
        at: offset,
        verdicts: result.results.map(({ chain, check, status, value, threshold }) => ({ chain, check, status, value, threshold })),
        alerts: result.changes.map((change) => {
          const { chain, check, status } = change.verdict
          return { id: `${chain}#${check}#v${states.get(`${chain}#${check}`)?.version}`, chain, check, kind: change.kind ?? 'change', status }
        }),
        deliveries: result.deliveries.map(({ channel, chain, ids, result: sent }) => ({ channel, chain, ids, result: sent })),
        breaker: breaker.map(({ action, decision, incident }) => ({ action, decision, ...(incident ? { incident } : {}) })),
      })
      for (const request of newSlack)
        if (request.method === 'chat.postMessage' || request.method === 'chat.update')
          options.onSlackMessage?.(String(request.body.text ?? ''), offset, request.method === 'chat.update' ? 'updated' : 'posted')
      slackSeen = slack.requests.length
      telegramSeen = telegram.requests.length
      options.onTick?.({ offset, result, breaker })
    }
    return buildReplayReport(scenario, { ticks: records, windows, channels: runtime.channels.map((route) => route.channel.name), wallSeconds: (performance.now() - wallStart) / 1000 })
  } finally {
    await closeRuntime()
    await Promise.all([...drivers.map((driver) => driver.stop()), slack.stop(), telegram.stop()])
  }
}
