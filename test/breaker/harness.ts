// Shared wiring for the breaker's devnet tests: a "mini tick" (the tick's read → check part, with the same adapters,
// pure checks and thresholds), a monotonic clock tied to a watched anvil's blocks, and config assembly.
import type { KMSClient } from '@aws-sdk/client-kms'
import { createOutbox, type Outbox } from '../../functions/alerts/createOutbox.js'
import type { DeliveryOutcome } from '../../functions/alerts/deliverOutbox.js'
import { buildChannels } from '../../functions/notify/buildChannels.js'
import { createDynamoStore } from '../../functions/store/createDynamoStore.js'
import { createAdapter } from '../../functions/chains/createAdapter.js'
import type { ChainAdapter } from '../../functions/chains/ChainAdapter.js'
import { resolveThresholds } from '../../functions/checks/defaultThresholds.js'
import { runChecks } from '../../functions/checks/runChecks.js'
import { type BreakerConfigInput, breakerSchema, validateBreakerReferences } from '../../functions/config/breakerSchema.js'
import { validateConfig } from '../../functions/config/parseConfig.js'
import type { ChainConfig } from '../../functions/config/schema.js'
import { type Breaker, type BreakerHostConfig, createBreaker } from '../../functions/breaker/createBreaker.js'
import type { SendClock } from '../../functions/breaker/sendTransaction.js'
import type { Verdict } from '../../functions/types.js'
import { createBreakerStore } from '../../functions/breaker/breakerStore.js'
import { type Anvil, latestBlock, mineBlocks, startAnvil } from '../devnet/anvil.js'
import { type BreakerTable, fund, PAUSER_ADDRESS, PAUSER_PRIVATE_KEY, startBreakerTable } from '../devnet/breakerDevnet.js'
import { type FakeSlack, startFakeSlack } from '../fakes/startFakeSlack.js'
import type { FakeTelegram } from '../fakes/startFakeTelegram.js'

export const slackToken = 'xoxb-breaker-test'
export const telegramToken = '123456:breaker-test-token'

/** The devnet signer key and the chat tokens, under the env names `armedBreaker` and `chatNotify` use. */
export const breakerEnv: Record<string, string> = { PAUSER_KEY: PAUSER_PRIVATE_KEY, SLACK_T: slackToken, TELEGRAM_T: telegramToken }

/** `notify` for the loopback chat fakes: Slack, and Telegram when given. */
export function chatNotify({ slack, telegram, channel = 'C0BREAKER', chatId = '-100555' }: { slack: FakeSlack; telegram?: FakeTelegram; channel?: string; chatId?: string }) {
  return {
    slack: { channel, tokenEnv: 'SLACK_T', apiUrl: slack.apiUrl },
    ...(telegram ? { telegram: { chatId, tokenEnv: 'TELEGRAM_T', apiRoot: telegram.apiRoot } } : {}),
  }
}

/**
 * An armed breaker section as the devnet tests run it: signed with the devnet key (`breakerEnv`), readiness out of
 * the way (one tick in 1000) unless `overrides` says otherwise.
 */
export function armedBreaker(actions: BreakerConfigInput['actions'], overrides: Partial<BreakerConfigInput> = {}): BreakerConfigInput {
  return { mode: 'armed', signer: { privateKeyEnv: 'PAUSER_KEY' }, send: { receiptTimeoutSeconds: 5 }, readiness: { everyTicks: 1000 }, ...overrides, actions }
}

/** What the chat fakes were sent (message texts), counted from a mark. */
export function chatTexts(slack: FakeSlack, telegram?: FakeTelegram) {
  const texts = (requests: readonly { body: Record<string, unknown> }[]) => requests.map((r) => String(r.body.text))
  const mark = () => ({ slack: slack.requests.length, telegram: telegram?.requests.length ?? 0 })
  return {
    mark,
    since: (from: ReturnType<typeof mark>) => ({ slack: texts(slack.requests.slice(from.slack)), telegram: texts(telegram?.requests.slice(from.telegram) ?? []) }),
    /** The last `count` texts on each channel. */
    last: (count: number) => ({ slack: texts(slack.requests.slice(-count)), telegram: texts(telegram?.requests.slice(-count) ?? []) }),
  }
}

/** Chains and notify validated by the main schema; the breaker section by its own (wired in by the caller). */
export function buildConfig(input: { chains: unknown[]; notify?: unknown; breaker: BreakerConfigInput }): BreakerHostConfig & { chains: ChainConfig[] } {
  const base = validateConfig({ chains: input.chains, ...(input.notify ? { notify: input.notify } : {}) })
  const breaker = breakerSchema.parse(input.breaker)
  const issues: string[] = []
  validateBreakerReferences({ chains: base.chains, breaker }, { addIssue: (issue) => issues.push(`${issue.path.join('.')}: ${issue.message}`) })
  if (issues.length) throw new Error(issues.join('\n'))
  return { chains: base.chains as ChainConfig[], notify: base.notify, breaker }
}

/** The tick's first half: observe each named chain with its own adapter, then the pure checks. */
export function createMiniTick(chains: readonly ChainConfig[]) {
  const adapters = new Map<string, ChainAdapter>()
  return async (names: readonly string[], now: number): Promise<Verdict[]> => {
    const verdicts = await Promise.all(
      names.map(async (name) => {
        let adapter = adapters.get(name)
        if (!adapter) {
          const chain = chains.find((c) => c.name === name)
          if (!chain) throw new Error(`no chain ${name}`)
          adapter = createAdapter(chain)
          adapters.set(name, adapter)
        }
        const observation = await adapter.observe(now)
        return runChecks(observation, resolveThresholds(adapter.chain.stack, adapter.chain.thresholds, observation.parameters), now)
      }),
    )
    return verdicts.flat()
  }
}

/**
 * Time for the watched chain: `now` only moves forward; `produce()` mines a block on the watched node at `now`
 * (the chain is live), `advance()` moves time without blocks (the chain stalls).
 */
export async function createChainClock(watched: Anvil, ...others: Anvil[]) {
  let now = Math.max(...(await Promise.all([watched, ...others].map(async (a) => (await latestBlock(a)).timestamp)))) + 1
  return {
    get now() {
      return now
    },
    advance(seconds: number) {
      now += seconds
      return now
    },
    /** A block at `now` on the watched node (and the other nodes given, e.g. a second RPC). */
    async produce(nodes: readonly Anvil[] = [watched]) {
      now += 1
      for (const node of nodes) await mineBlocks(node, 1, { timestamp: now })
      return now
    },
  }
}

/**
 * A healthy block, then the watched chain stalls past crit (200 s): two ticks build a run of `for: 3`, and the
 * clock stands at the third, which the caller runs (it fires).
 */
export async function buildCritRun(clock: ChainClock, tick: () => Promise<unknown>, nodes?: readonly Anvil[]): Promise<void> {
  await clock.produce(nodes)
  clock.advance(200)
  await tick()
  clock.advance(15)
  await tick()
  clock.advance(15)
}

export type ChainClock = Awaited<ReturnType<typeof createChainClock>>

export interface VirtualWallClock extends SendClock {
  /** Moves wall time on without waiting (e.g. past the re-bump wait). */
  advance(ms: number): void
  /** Runs on every wait of the breaker, after time moved on (a test's "sequencer" reacting to the pool). */
  whileWaiting(hook: (() => Promise<void>) | undefined): void
}

/**
 * Wall time for the breaker's sending on a virtual clock: a receipt wait moves it on at once instead of sleeping,
 * send times (`sentAt`) and a pending pause's age are read from it. Steps then happen at exact wall times, so a
 * test cannot race real time (a slow machine cannot make a re-bump due early or late).
 */
export function createVirtualWallClock(startMs = Date.now()): VirtualWallClock {
  let now = startMs
  let hook: (() => Promise<void>) | undefined
  return {
    now: () => now,
    async sleep(ms) {
      now += ms
      await hook?.()
    },
    advance(ms) {
      now += ms
    },
    whileWaiting(next) {
      hook = next
    },
  }
}

export interface ScenarioOptions {
  readonly config: BreakerHostConfig
  readonly tableName: string
  readonly dynamo: BreakerTable
  readonly env: Record<string, string | undefined>
  readonly kmsClient?: KMSClient
  readonly consoleLines?: string[]
  /** Wall time of sending (default the real clock): see createVirtualWallClock. */
  readonly sendClock?: SendClock
}

export interface HarnessBreaker extends Breaker {
  /** The outbox the breaker writes its announcements to (the same store and channels a runtime builds). */
  readonly outbox: Outbox
  /** Deliveries of the last step (the harness delivers after every afterTick, resume and recorded readiness). */
  readonly deliveries: DeliveryOutcome[]
}

/**
 * A breaker wired as the runtime wires it: announcements queued in the outbox of the same table and delivered
 * to the configured chat channels right after each step, as the tick does after the breaker ran.
 */
export function breakerFor({ config, tableName, dynamo, env, kmsClient, consoleLines, sendClock }: ScenarioOptions): HarnessBreaker {
  const { routes } = buildChannels(config.notify ?? {}, env, { console: false })
  const outbox = createOutbox(createDynamoStore({ tableName, client: dynamo.client }), routes)
  const breaker = createBreaker({
    config,
    tableName,
    dynamo: dynamo.doc,
    env,
    outbox,
    log: consoleLines ? (line) => consoleLines.push(line) : false,
    pollIntervalMs: 50,
    ...(kmsClient ? { kmsClient } : {}),
    ...(sendClock ? { sendClock } : {}),
  })
  const deliveries: DeliveryOutcome[] = []
  const delivered = async <T>(step: Promise<T>, now: number): Promise<T> => {
    const result = await step
    deliveries.length = 0
    deliveries.push(...(await outbox.deliver(now)))
    return result
  }
  return {
    ...breaker,
    outbox,
    deliveries,
    afterTick: (tick) => delivered(breaker.afterTick(tick), tick.now),
    resume: (action) => delivered(breaker.resume(action), Math.floor(Date.now() / 1000)),
    checkReadiness: (action, options) => delivered(breaker.checkReadiness(action, options), Math.floor(Date.now() / 1000)),
  }
}

/**
 * A watched chain, a target chain that mines only when told (automine off: a pause stays in its pool until
 * `target.rpc('evm_mine')`), the table and Slack. `scenario` arms one action, `pause-it`, on the watched chain's
 * liveness (`for: 3`) against a contract on the target chain, with the given `send` settings, on a fresh table.
 */
export async function startStuckTarget() {
  const [watched, target] = await Promise.all([startAnvil({ chainId: 901 }), startAnvil({ chainId: 902, noMining: true })])
  const [dynamo, slack] = await Promise.all([startBreakerTable(), startFakeSlack({ token: slackToken })])
  await fund(target, PAUSER_ADDRESS)
  const clock = await createChainClock(watched)
  let tables = 0
  return {
    watched,
    target,
    dynamo,
    slack,
    clock,
    /** `wall`: the breaker's wall time of sending, virtual (createVirtualWallClock), starting on a whole second. */
    async scenario(address: `0x${string}`, send: BreakerConfigInput['send']) {
      const config = buildConfig({
        chains: [
          { name: 'watched', stack: 'evm', l2Rpc: [watched.url], thresholds: { liveness: { warn: 30, crit: 120 } } },
          { name: 'target-chain', stack: 'evm', l2Rpc: [target.url] },
        ],
        notify: chatNotify({ slack, channel: 'C0B' }),
        breaker: armedBreaker([{ name: 'pause-it', chain: 'watched', checks: ['liveness'], for: 3, target: { chain: 'target-chain', address } }], { send }),
      })
      const tableName = await dynamo.table(`stuck-${++tables}`)
      const wall = createVirtualWallClock(Math.ceil(Date.now() / 1000) * 1000)
      const breaker = breakerFor({ config, tableName, dynamo, env: breakerEnv, sendClock: wall })
      const miniTick = createMiniTick(config.chains)
      const tick = async () => breaker.afterTick({ results: await miniTick(['watched'], clock.now), now: clock.now })
      return { breaker, tick, wall, store: createBreakerStore(dynamo.doc, tableName) }
    },
    async close() {
      await Promise.all([dynamo.close(), slack.stop()])
      await Promise.all([watched.stop(), target.stop()])
    },
  }
}
