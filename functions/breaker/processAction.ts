import type { BreakerActionConfig } from '../config/breakerSchema.js'
import type { Verdict } from '../types.js'
import { announce } from './announce.js'
import type { BreakerContext } from './BreakerContext.js'
import { decideAction } from './decideAction.js'
import { fire } from './fire.js'
import { logDecision } from './logDecision.js'
import { runProbe } from './runProbe.js'
import type { BreakerOutcome } from './types.js'

/**
 * One action's tick: load its state and any manual request, decide (pure decideAction), then run the decision —
 * its probes in order (the first outcome ends it), then the final step: fire, or commit the next state, log
 * line and announcement the core computed.
 */
export async function processAction(ctx: BreakerContext, action: BreakerActionConfig, verdicts: readonly Verdict[], now: number): Promise<BreakerOutcome> {
  const { store } = ctx
  const [stored, request] = await Promise.all([store.getState(action.name), store.getRequest(action.name)])
  const decision = decideAction({
    action,
    stored,
    input: request ? { kind: 'manual', request, verdicts } : { kind: 'tick', verdicts },
    mode: ctx.mode,
    maxAttempts: ctx.maxAttempts,
    retrySeconds: ctx.retrySeconds,
    claimLeaseSeconds: ctx.claimLeaseSeconds,
    now,
  })
  for (const probe of decision.probes) {
    const outcome = await runProbe(ctx, probe, action, decision, now)
    if (outcome) return outcome
  }
  const { final } = decision
  if (final.kind === 'fire')
    return fire(ctx, { action, state: decision.state, stored: stored !== undefined, streaks: decision.streaks, held: final.held, now, manual: final.manual })
  if (final.write && !(await store.putState(final.write, stored ? stored.version : undefined)) && final.onConflict === 'lost-race')
    return { action: action.name, decision: 'lost-race', ...(final.outcome.incident ? { incident: final.outcome.incident } : {}) }
  if (final.log) await logDecision(ctx, final.log)
  if (final.announce) await announce(ctx, action, final.announce.event, final.announce.message, { incident: final.announce.incident, step: final.announce.step, now, paused: final.announce.paused, attempted: final.announce.attempted })
  return final.outcome
}
