import type { BreakerActionConfig } from '../config/breakerSchema.js'
import { describeError } from '../rpc/describeError.js'
import { announce } from './announce.js'
import type { BreakerContext } from './BreakerContext.js'
import { executeCall, type ExecuteResult } from './executeCall.js'
import { hashesOf } from './hashesOf.js'
import { incidentRecord } from './incidentRecord.js'
import { logDecision } from './logDecision.js'
import type { ManualRequest } from './manualRequest.js'
import { alreadyPausedMessage, failedMessage, pausedMessage, wouldPauseMessage } from './messages.js'
import { pausePlan } from './pausePlan.js'
import { heldChecks, resolveRoute, type Streaks } from './policy.js'
import { sameStreaks } from './sameStreaks.js'
import type { ActionState, BreakerOutcome, IncidentOutcome, IncidentSummary, LogKind, RouteResult, TriggerEvidence } from './types.js'
import { updateState } from './updateState.js'
import { watchedChain } from './watchedChain.js'

export interface FireParameters {
  readonly action: BreakerActionConfig
  /** The state decided on (the stored one, or a fresh idle one). */
  readonly state: ActionState
  /** Whether `state` is in the store (the claim is then a conditional put on its version, else a create). */
  readonly stored: boolean
  readonly streaks: Streaks
  readonly held: BreakerActionConfig['checks']
  readonly now: number
  /** A pause people asked for (chat ops): no checks to confirm; the rest of the path is the same. */
  readonly manual?: ManualRequest | undefined
}

const resultOutcome = {
  done: 'paused',
  already: 'already-paused',
  submitted: 'submitted',
  pending: 'pending',
  failed: 'failed',
} as const satisfies Record<ExecuteResult['outcome'], IncidentOutcome>

/**
 * The pause path: confirm the risk on independent RPCs → claim the incident (one conditional write; of two ticks
 * here, one wins) → shadow: announce "would pause" / armed: paused()? → simulate → send (executeCall), every
 * transaction recorded as the node accepts it → record the outcome → log → announce.
 */
export async function fire(ctx: BreakerContext, { action, state, stored, streaks, held, now, manual }: FireParameters): Promise<BreakerOutcome> {
  const { store, mode, maxAttempts } = ctx
  const route = resolveRoute(action, watchedChain(ctx.config, action).stack)
  const confirmation = manual
    ? { confirmed: new Map<BreakerActionConfig['checks'][number], string[]>(), rejected: new Map<string, string>() }
    : await ctx.confirmer.confirm(watchedChain(ctx.config, action), action, held, now)
  const base = { ...state, streaks, lastObservedAt: now, updatedAt: now }
  if (confirmation.confirmed.size === 0 && !manual) {
    const message = [...confirmation.rejected].map(([check, why]) => `${check}: ${why}`).join('; ')
    if (!sameStreaks(streaks, state.streaks ?? {}) || !stored) await store.putState({ ...base, version: state.version + 1 }, stored ? state.version : undefined)
    // Logged once per run that reaches the requirement, not on every tick it stays unconfirmed.
    const previous = state.streaks ?? {}
    const wasHeld = action.checks.some((check) => {
      const streak = previous[check]
      return streak !== undefined && heldChecks(previous, action, streak.lastAt).includes(check)
    })
    if (!wasHeld) await logDecision(ctx, { action: action.name, at: now, kind: 'unconfirmed', text: message })
    return { action: action.name, decision: 'unconfirmed', message }
  }

  const trigger: TriggerEvidence[] = [...confirmation.confirmed].map(([check, agreeing]) => {
    const streak = streaks[check]!
    return { check, status: streak.status, value: streak.value, reason: streak.reason, count: streak.count, since: streak.since, ...(agreeing.length ? { agreeing } : {}) }
  })
  const previous = state.phase === 'open' ? state.incident : undefined
  const firing: 'shadow' | 'armed' = mode === 'armed' ? 'armed' : 'shadow'
  const incidentSeq = previous ? state.incidentSeq : state.incidentSeq + 1
  const requestedBy = manual ? { requestedBy: manual.by } : {}
  const incident: IncidentSummary = previous
    ? { ...previous, mode: firing, outcome: 'claimed', attempts: previous.attempts + 1, claimedAt: now, lastAttemptAt: now, ...requestedBy }
    : { id: String(incidentSeq).padStart(6, '0'), openedAt: now, mode: firing, trigger, outcome: 'claimed', attempts: 1, claimedAt: now, lastAttemptAt: now, ...requestedBy }
  const claim: ActionState = { ...base, phase: 'open', incidentSeq, incident, version: state.version + 1 }
  // The claim: of two ticks that both got here, exactly one write succeeds.
  if (!(await store.putState(claim, stored ? state.version : undefined))) return { action: action.name, decision: 'lost-race', incident: incident.id }
  // Taken up: a later tick must not act on the same request again.
  if (manual) await store.deleteRequest(manual).catch(() => false)

  // A retry keeps the transactions of earlier attempts in the record.
  const earlier = previous ? await previousRoutes(ctx, action.name, incident.id) : []
  await store.putIncident(incidentRecord(ctx.config, action, incident, earlier, now)).catch(() => {})

  const finish = async (outcome: IncidentOutcome, routes: readonly RouteResult[], error?: string) => {
    const summary: IncidentSummary = { ...incident, outcome, ...(error ? { lastError: error } : {}) }
    if (!error && 'lastError' in summary) delete (summary as { lastError?: string }).lastError
    await updateState(ctx, action.name, (s) => (s.incident?.id === incident.id && s.incident.claimedAt === incident.claimedAt ? { ...s, incident: summary } : undefined))
    await store.putIncident(incidentRecord(ctx.config, action, summary, [...earlier, ...routes], now)).catch(() => {})
    return summary
  }

  if (firing === 'shadow') {
    const summary = await finish('would-pause', [])
    await logDecision(ctx, { action: action.name, at: now, kind: 'would-pause', text: `would pause ${action.target.address} (${action.target.function}) via ${route}`, incident: incident.id })
    await announce(ctx, action, 'would-pause', wouldPauseMessage(action, summary, route), { incident: incident.id, step: `a${incident.attempts}`, now, paused: false })
    return { action: action.name, decision: 'would-pause', incident: incident.id }
  }

  const result = await sendPause(ctx, action, incident, earlier, now)
  const outcome = resultOutcome[result.outcome]
  const error = outcome === 'failed' ? (result.error ?? result.routes.find((r) => r.error)?.error ?? 'failed') : undefined
  const summary = await finish(outcome, result.routes, error)
  const hashes = hashesOf(result.routes)
  await logDecision(ctx, {
    action: action.name,
    at: now,
    kind: outcome as LogKind,
    text: outcome === 'failed' ? `attempt ${incident.attempts} failed: ${error}` : `${outcome} via ${route}`,
    incident: incident.id,
    ...(hashes.length ? { hashes } : {}),
  })
  const about = { incident: incident.id, step: `a${incident.attempts}`, now, hashes, paused: outcome !== 'failed' }
  if (outcome === 'already-paused') await announce(ctx, action, 'already-paused', alreadyPausedMessage(action, summary, result.routes), about)
  else if (outcome === 'failed') {
    // One message per distinct failure, not one per retry: no storm while a role is missing.
    if (!previous || previous.lastError !== error || incident.attempts >= maxAttempts)
      await announce(ctx, action, 'failed', failedMessage(action, summary, route, error!, result.routes, incident.attempts >= maxAttempts), about)
  } else await announce(ctx, action, outcome, pausedMessage(action, summary, route, result.routes, outcome), about)
  return { action: action.name, decision: outcome, incident: incident.id, routes: result.routes, ...(error ? { message: error } : {}) }
}

/** The armed attempt: the pause over its route(s), each accepted transaction persisted before waiting on it. */
async function sendPause(ctx: BreakerContext, action: BreakerActionConfig, incident: IncidentSummary, earlier: readonly RouteResult[], now: number): Promise<ExecuteResult> {
  const { signer, clients, settings, store } = ctx
  try {
    if (!signer) throw new Error('no signer configured')
    const account = await signer.account()
    return await executeCall(pausePlan(ctx, action), {
      clients,
      account,
      signer,
      settings,
      onProgress: (routes) => store.putIncident(incidentRecord(ctx.config, action, { ...incident, outcome: 'pending' }, [...earlier, ...routes], now)).catch(() => {}),
    })
  } catch (error) {
    return { outcome: 'failed', routes: [], error: describeError(error) }
  }
}

/** The transactions earlier attempts of this incident sent. */
async function previousRoutes(ctx: Pick<BreakerContext, 'store'>, action: string, id: string): Promise<readonly RouteResult[]> {
  const record = await ctx.store.getIncident(action, id).catch(() => undefined)
  return (record?.routes ?? []).filter((r) => r.transactions.length > 0)
}
