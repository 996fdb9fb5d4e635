import type { Announcement, BreakerEvent } from '../alerts/OutboxEntry.js'
import type { BreakerActionConfig, BreakerMode } from '../config/breakerSchema.js'
import type { CheckName, Verdict } from '../types.js'
import { type ManualRequest, manualPauseRefusal, manualRequestTtlSeconds } from './manualRequest.js'
import { resolvedMessage, resumeSafeMessage } from './messages.js'
import { advanceStreaks, heldChecks, recovered, riskPresent, type Streaks } from './policy.js'
import { sameStreaks } from './sameStreaks.js'
import type { ActionState, BreakerOutcome, IncidentOutcome, LogEntry } from './types.js'

/**
 * The breaker's functional core: one action's stored state, this tick's verdicts (and a pending manual request)
 * and the time → the steps to take. No I/O: the executor (processAction and the steps it calls) runs what this names.
 *
 * A decision is `probes`, tried in order — each a step whose result only the chain or the store can tell (is the
 * submitted pause executed on L2? did the pending transaction get mined?), which either ends this tick for the
 * action with an outcome or falls through — then one `final` step: a pause to fire (confirm → claim → paused()? →
 * simulate → send → record → announce), a dead claim to take over, or a `commit` whose next state, log line and
 * announcement are computed here.
 */

export type DecisionInput =
  /** A tick: the verdicts of every chain (the action picks its own). */
  | { readonly kind: 'tick'; readonly verdicts: readonly Verdict[] }
  /**
   * A pause or resume people asked for (chat ops, functions/chatops/): stored as `BREAKER#<action>` / `REQUEST`,
   * read by the tick, decided here on the same state as an automatic pause and carried out on the same path.
   */
  | { readonly kind: 'manual'; readonly request: ManualRequest; readonly verdicts: readonly Verdict[] }

export interface DecideActionParameters {
  readonly action: BreakerActionConfig
  /** As stored; undefined before the action's first write. */
  readonly stored: ActionState | undefined
  readonly input: DecisionInput
  readonly mode: BreakerMode
  readonly maxAttempts: number
  readonly retrySeconds: number
  readonly claimLeaseSeconds: number
  /** Unix seconds. */
  readonly now: number
}

/** Steps that may end the action's tick or fall through to the next. */
export type Probe =
  /** A pause sent through L1 (`submitted`): is the target's paused view true on the target chain yet? */
  | { readonly kind: 'confirm-on-l2' }
  /** A claim whose tick died (lease over): if it had sent, reconcile those transactions (never send anew). */
  | { readonly kind: 'take-over-claim' }
  /** A `pending` pause: look for receipts. */
  | { readonly kind: 'reconcile' }
  /** A `pending` pause unmined for long: one same-nonce replacement at a higher fee, claimed first. */
  | { readonly kind: 'rebump' }
  /** A manual request that cannot be carried out: delete it (falls through when another tick did), say why. */
  | { readonly kind: 'drop-request'; readonly request: ManualRequest; readonly why: string }
  /** A manual resume: delete the request (falls through when another tick did), then the resume path. */
  | { readonly kind: 'manual-resume'; readonly request: ManualRequest }

export interface Commit {
  readonly kind: 'commit'
  /** Written with a conditional put on the stored version (a create when nothing was stored). */
  readonly write?: ActionState
  /** When the write loses to another writer: `lost-race` (nothing else happens) or carry on regardless. */
  readonly onConflict: 'lost-race' | 'ignore'
  readonly log?: LogEntry
  readonly announce?: { readonly event: BreakerEvent; readonly message: Announcement; readonly incident?: string; readonly step: string; readonly paused?: boolean; readonly attempted?: boolean }
  readonly outcome: BreakerOutcome
}

export type Final =
  | { readonly kind: 'fire'; readonly held: BreakerActionConfig['checks']; readonly manual?: ManualRequest }
  | Commit

export interface Decision {
  /** The streaks after this tick's verdicts (what a write stores). */
  readonly streaks: Streaks
  /** The action's checks that have met the evidence requirement now. */
  readonly held: readonly CheckName[]
  /** The state the steps start from (the stored one, or a fresh idle one). */
  readonly state: ActionState
  readonly probes: readonly Probe[]
  readonly final: Final
}

export const pausedOutcomes: ReadonlySet<IncidentOutcome> = new Set(['paused', 'submitted', 'pending', 'already-paused'])
/** Incidents in which a pause was sent or tried (not shadow's would-pause, not one still claimed). */
export const attemptedOutcomes: ReadonlySet<IncidentOutcome> = new Set([...pausedOutcomes, 'failed'])

export function decideAction({ action, stored, input, mode, maxAttempts, retrySeconds, claimLeaseSeconds, now }: DecideActionParameters): Decision {
  const state: ActionState = stored ?? { action: action.name, version: 0, phase: 'idle', streaks: {}, incidentSeq: 0, updatedAt: now }
  const streaks = advanceStreaks(state.streaks ?? {}, action, input.verdicts, now)
  const held = heldChecks(streaks, action, now)
  const incident = state.incident
  const probes: Probe[] = []
  const decision = (final: Final): Decision => ({ streaks, held, state, probes, final })

  if (input.kind === 'manual') {
    const { request } = input
    if (now - request.at > manualRequestTtlSeconds)
      probes.push({ kind: 'drop-request', request, why: `no tick took the request up within ${manualRequestTtlSeconds / 60} minutes; ask again` })
    else if (request.kind === 'resume') probes.push({ kind: 'manual-resume', request })
    else if (mode !== 'armed') probes.push({ kind: 'drop-request', request, why: `the breaker is in ${mode} mode: nothing is sent` })
    else {
      const refusal = manualPauseRefusal(state, now, claimLeaseSeconds)
      if (refusal) probes.push({ kind: 'drop-request', request, why: refusal })
      else return decision({ kind: 'fire', held: [], manual: request })
    }
  }

  if ((state.phase === 'open' || state.phase === 'resume-safe') && incident?.outcome === 'submitted') probes.push({ kind: 'confirm-on-l2' })
  if (state.phase === 'idle' || state.phase === 'resume-safe') {
    if (held.length > 0) return decision({ kind: 'fire', held })
  } else if (state.phase === 'open' && incident) {
    if (incident.outcome === 'claimed') {
      // Another tick is sending right now; after the lease its claim is considered dead and taken over.
      if (now - incident.claimedAt < claimLeaseSeconds)
        return decision({ kind: 'commit', onConflict: 'ignore', outcome: { action: action.name, decision: 'none', incident: incident.id, message: 'another tick holds the claim' } })
      probes.push({ kind: 'take-over-claim' })
      if (held.length > 0) return decision({ kind: 'fire', held })
    }
    if (incident.outcome === 'pending') probes.push({ kind: 'reconcile' }, { kind: 'rebump' })
    const retryDue = incident.outcome === 'failed' && incident.attempts < maxAttempts && now - (incident.lastAttemptAt ?? 0) >= retrySeconds
    const upgrade = incident.outcome === 'would-pause' && mode === 'armed'
    if ((retryDue || upgrade) && held.length > 0) return decision({ kind: 'fire', held })

    const base = { ...state, streaks, lastObservedAt: now, updatedAt: now, version: state.version + 1 }
    const about = { action: action.name, incident: incident.id }
    const step = `v${state.version + 1}`
    if (riskPresent(action, input.verdicts)) {
      if (incident.resolvedAt !== undefined) {
        const { resolvedAt: _dropped, ...rest } = incident
        return decision({
          kind: 'commit',
          write: { ...base, incident: rest },
          onConflict: 'lost-race',
          log: { ...about, at: now, kind: 'relapsed', text: 'risk back before the grace period ended; grace restarts on recovery' },
          outcome: { ...about, decision: 'relapsed' },
        })
      }
    } else if (recovered(action, input.verdicts)) {
      if (incident.resolvedAt === undefined)
        return decision({
          kind: 'commit',
          write: { ...base, incident: { ...incident, resolvedAt: now } },
          onConflict: 'lost-race',
          log: { ...about, at: now, kind: 'resolved', text: `checks below ${action.severity}; grace ${action.grace} s` },
          announce: { event: 'resolved', message: resolvedMessage(action, now, pausedOutcomes.has(incident.outcome)), incident: incident.id, step, paused: pausedOutcomes.has(incident.outcome), attempted: attemptedOutcomes.has(incident.outcome) },
          outcome: { ...about, decision: 'resolved' },
        })
      if (now - incident.resolvedAt >= action.grace) {
        const paused = pausedOutcomes.has(incident.outcome)
        const next: ActionState = { ...base, phase: paused ? 'resume-safe' : 'idle', incident: { ...incident, resumeSafeAt: now } }
        return decision({
          kind: 'commit',
          write: next,
          onConflict: 'lost-race',
          log: { ...about, at: now, kind: 'resume-safe', text: paused ? 'grace over: resuming is safe' : 'grace over' },
          announce: { event: 'resume-safe', message: resumeSafeMessage(action, next.incident!), incident: incident.id, step, paused },
          outcome: { ...about, decision: 'resume-safe' },
        })
      }
    }
  }

  // Nothing to decide: keep the streaks (written only when they change, not every quiet tick).
  const changed = !sameStreaks(streaks, state.streaks ?? {}) || (!stored && held.length > 0)
  // `building`: evidence is accumulating towards a pause (not while an incident is already open).
  const building = state.phase !== 'open' && Object.keys(streaks).length > 0
  return decision({
    kind: 'commit',
    ...(changed ? { write: { ...state, streaks, lastObservedAt: now, updatedAt: now, version: state.version + 1 } } : {}),
    onConflict: 'ignore',
    outcome: { action: action.name, decision: building ? 'building' : 'none', ...(incident && state.phase === 'open' ? { incident: incident.id } : {}) },
  })
}
