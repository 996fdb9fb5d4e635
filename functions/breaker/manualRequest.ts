import type { BreakerActionConfig } from '../config/breakerSchema.js'
import type { ActionState } from './types.js'

/**
 * A pause or resume asked for by people (chat ops), stored as `BREAKER#<action>` / `REQUEST` and carried out by
 * the next tick, which holds the signer, through the same path as an automatic pause (claim, paused() check,
 * simulation, exactly once, announcements). The chat function itself can sign nothing.
 */
export interface ManualRequest {
  readonly action: string
  readonly kind: 'pause' | 'resume'
  /** Who asked and who approved: `@alice (slack U012…)`. */
  readonly by: readonly string[]
  /** Unix seconds. */
  readonly at: number
}

/** Requests the next ticks have not taken up within this long are dropped (and say so): nobody expects a pause days later. */
export const manualRequestTtlSeconds = 600

/**
 * Why a manual pause cannot be taken now, or undefined when it can: pure, shared by the chat (which answers at
 * once) and the tick (which decides again on fresh state). An open incident that already paused, is sending or
 * is pending is not paused twice; a failed or shadow ("would pause") incident may be retried by hand.
 */
export function manualPauseRefusal(state: ActionState | undefined, now: number, claimLeaseSeconds = 600): string | undefined {
  if (!state || state.phase === 'idle' || state.phase === 'resume-safe') return undefined
  if (state.phase === 'resuming') return 'a resume of this action is in progress'
  const incident = state.incident
  if (!incident) return undefined
  if (incident.outcome === 'failed' || incident.outcome === 'would-pause') return undefined
  if (incident.outcome === 'claimed' && now - incident.claimedAt < claimLeaseSeconds) return `incident ${incident.id} is being handled right now (a pause is being decided or sent)`
  return `incident ${incident.id} is open already: ${incident.outcome}${incident.outcome === 'already-paused' ? ' (the target was paused)' : ''}; nothing more to send`
}

/** Why `resume` is refused now, or undefined when resuming is allowed (the grace period was announced as over). */
export function resumeRefusal(action: Pick<BreakerActionConfig, 'checks' | 'severity' | 'grace'>, state: ActionState | undefined, now: number): string | undefined {
  const incident = state?.incident
  if (!state || !incident || state.phase === 'idle') return 'nothing to resume: no incident of this action paused the target'
  if (state.phase === 'resuming') return `a resume is already in progress (since ${new Date(state.updatedAt * 1000).toISOString()})`
  if (state.phase === 'open') {
    if (incident.resolvedAt === undefined) return `incident ${incident.id} is still open: ${action.checks.join('/')} not yet below ${action.severity}`
    const ends = incident.resolvedAt + action.grace
    return now < ends
      ? `grace period not over: resuming is safe from ${new Date(ends * 1000).toISOString()} (in ${ends - now} s)`
      : 'grace period over, but no tick has confirmed the recovery since; wait for the next tick'
  }
  return undefined
}
