import { resolveAlertSettings } from './alerts/alertSettings.js'
import type { ChannelRoute } from './alerts/ChannelRoute.js'
import { type DeliveryOutcome, deliverOutbox } from './alerts/deliverOutbox.js'
import { evaluateAlerts } from './alerts/evaluateAlerts.js'
import { enqueueMessage } from './alerts/enqueueMessage.js'
import type { ChainAdapter } from './chains/ChainAdapter.js'
import { observeWithDeadline } from './chains/observeWithDeadline.js'
import { recheckHeights } from './chains/compareHistory.js'
import { rememberHead } from './chains/rememberHead.js'
import { rememberProofSystem } from './chains/rememberProofSystem.js'
import { resolveThresholds } from './checks/defaultThresholds.js'
import { runChecks } from './checks/runChecks.js'
import type { WatchtowerConfig } from './config/schema.js'
import type { Channel } from './notify/Channel.js'
import { type PlannedRead, planReads } from './schedule/planReads.js'
import { forEachLimited, storeWriteConcurrency } from './store/forEachLimited.js'
import type { Store } from './store/Store.js'
import { toHeartbeat } from './store/toHeartbeat.js'
import type { Observation, Status, StatusChange, Verdict } from './types.js'
import { worstStatus } from './types.js'
import { systemClock } from './systemClock.js'

export interface TickDependencies {
  readonly config: Pick<WatchtowerConfig, 'alerts' | 'chains'>
  readonly adapters: readonly ChainAdapter[]
  readonly store: Store
  /** Chat channels, fed through the outbox. */
  readonly channels: readonly ChannelRoute[]
  /** Told about every alert at once, muted ones included (the local log). */
  readonly console?: Channel
  /** Unix seconds. */
  readonly clock?: () => number
  /**
   * Runs after alerts are recorded and delivered (the circuit breaker). When it says it queued messages (breaker
   * announcements), the outbox is delivered once more, so a pause is announced in the tick that sent it.
   */
  readonly afterTick?: (tick: {
    results: readonly Verdict[]
    observations: readonly Observation[]
    now: number
    /** Set when the tick read only these chains: the others were not observed (not "recovered"). */
    chains?: readonly string[]
  }) => Promise<void | { readonly queued: number }>
}

export interface TickOptions {
  /**
   * Read only these chains (an early read the poll schedule asked for); undefined: every chain. Alerts,
   * deliveries and the breaker run as in a full tick, for these chains; the heartbeat is left to full ticks.
   */
  readonly chains?: readonly string[]
}

export interface TickResult {
  readonly at: number
  readonly results: readonly Verdict[]
  /** Alerts this tick recorded (queued for the channels unless muted). */
  readonly changes: readonly StatusChange[]
  readonly deliveries: readonly DeliveryOutcome[]
  readonly worst: Status
  readonly durationMs: number
  /** Reads this tick asks for before the regular poll (deadlines, confirming reads), per chain: see planReads. */
  readonly reads: readonly PlannedRead[]
}

export { systemClock }

function explorerLink(explorer: string | undefined, verdict: Verdict): string | undefined {
  if (!explorer) return undefined
  const block = verdict.details?.block
  return typeof block === 'number' ? `${explorer.replace(/\/$/, '')}/block/${block}` : explorer
}

/**
 * One tick: read every chain (or `options.chains`) in parallel, each within its deadline (observeWithDeadline) →
 * pure checks → alert engine (hysteresis, incidents, reminders) →
 * queue alerts in the outbox, then record the new states (conditional writes: of two concurrent ticks only one
 * moves a chain×check forward) → deliver what the outbox holds → heartbeat (a bounded summary) → the reads
 * the poll loop should make before its next regular poll (planReads).
 */
export async function runTick(deps: TickDependencies, options: TickOptions = {}): Promise<TickResult> {
  const { config, store, channels, console: log, clock = systemClock, afterTick } = deps
  const started = performance.now()
  const now = clock()
  const chains = new Map(deps.adapters.map((adapter) => [adapter.chain.name, adapter.chain]))
  const only = options.chains ? new Set(options.chains) : undefined
  const adapters = only ? deps.adapters.filter((adapter) => only.has(adapter.chain.name)) : deps.adapters

  // Loaded first: the head batch of each chain re-reads the blocks seen last (reorg), in the same request.
  const headMemories = await store.getHeadMemories()
  const [observed, states, mutes, proofSystems] = await Promise.all([
    Promise.all(
      adapters.map((adapter) =>
        observeWithDeadline(adapter, now, undefined, { recheck: recheckHeights(headMemories.get(adapter.chain.name)?.seen) }),
      ),
    ),
    store.getCheckStates(),
    store.getMutes(),
    store.getProofSystemMemories(),
  ])
  // Wall-clock liveness: each head is judged against when the highest head number was first seen (across runs).
  const heads = observed.map((observation) => rememberHead(observation, headMemories.get(observation.chain), now))
  await forEachLimited(heads, storeWriteConcurrency, async ({ memory, expectedVersion }) => memory && store.putHeadMemory(memory, expectedVersion))
  const remembered = heads.map(({ observation }) => rememberProofSystem(observation, proofSystems.get(observation.chain), now))
  const observations = remembered.map(({ observation }) => observation)
  await forEachLimited(remembered, storeWriteConcurrency, async ({ memory }) => memory && store.putProofSystemMemory(memory))
  const results = observations.flatMap((observation, i) => {
    const chain = adapters[i]!.chain
    return runChecks(observation, resolveThresholds(chain.stack, chain.thresholds, observation.parameters), now)
  })

  const settings = new Map(config.chains.map((chain) => [chain.name, resolveAlertSettings(config, chain)]))
  const decisions = evaluateAlerts(results, states, {
    settingsFor: (chain) => settings.get(chain)!,
    mutes,
    linkFor: (verdict) => explorerLink(chains.get(verdict.chain)?.explorer, verdict),
    now,
  })

  const changes: StatusChange[] = []
  await forEachLimited(decisions, storeWriteConcurrency, async ({ state, expectedVersion, alert, muted }) => {
    if (alert && !muted) {
      // Written before the state moves on, under an id both of two racing ticks would compute: nothing lost, nothing doubled.
      const id = `${state.chain}#${state.check}#v${state.version}`
      const { groupWait, deliveryExpiry } = settings.get(state.chain)!
      await enqueueMessage(store, channels, {
        id,
        chain: state.chain,
        message: { kind: 'alert', change: alert },
        now,
        // Group wait batches warn (and unknown) openings; a crit pages at once, and what is waiting joins it.
        notBefore: alert.kind === 'open' && alert.verdict.status !== 'crit' ? now + groupWait : now,
        expirySeconds: deliveryExpiry,
      })
    }
    const claimed = await store.putCheckState(state, expectedVersion)
    if (claimed && alert) {
      changes.push(alert)
      if (log) await log.send([muted ? { ...alert, verdict: { ...alert.verdict, reason: `(muted) ${alert.verdict.reason}` } } : alert]).catch(() => {})
    }
  })

  const deliveries = await deliverOutbox(store, channels, now)
  if (afterTick) {
    const after = await afterTick({ results, observations, now, ...(options.chains ? { chains: options.chains } : {}) })
    if (after && after.queued > 0) deliveries.push(...(await deliverOutbox(store, channels, now)))
  }

  const durationMs = Math.round(performance.now() - started)
  if (!only) await store.putHeartbeat(toHeartbeat({ at: now, durationMs, results }))
  const reads = planReads({ verdicts: results, decisions, settingsFor: (chain) => settings.get(chain)!, now })
  return { at: now, results, changes, deliveries, worst: worstStatus(results.map((r) => r.status)), durationMs, reads }
}
