import type { BreakerActionConfig } from '../config/breakerSchema.js'
import type { BreakerContext } from './BreakerContext.js'
import { confirmOnL2 } from './confirmOnL2.js'
import type { Decision, Probe } from './decideAction.js'
import { dropRequest } from './dropRequest.js'
import { rebump } from './rebump.js'
import { reconcile } from './reconcile.js'
import { resumeAction } from './resumeAction.js'
import { takeOverClaim } from './takeOverClaim.js'
import type { BreakerOutcome } from './types.js'

/** Runs one probe of a decision: an outcome ends the action's tick, undefined falls through to the next step. */
export async function runProbe(ctx: BreakerContext, probe: Probe, action: BreakerActionConfig, decision: Decision, now: number): Promise<BreakerOutcome | undefined> {
  const { state, streaks } = decision
  switch (probe.kind) {
    case 'confirm-on-l2':
      return confirmOnL2(ctx, action, state, streaks, now)
    case 'reconcile':
      return reconcile(ctx, action, state, now)
    case 'rebump':
      return rebump(ctx, action, state, streaks, now)
    case 'take-over-claim':
      return takeOverClaim(ctx, action, state, now)
    case 'drop-request':
      return dropRequest(ctx, action, probe.request, probe.why, now)
    case 'manual-resume': {
      if (!(await ctx.store.deleteRequest(probe.request))) return undefined // another tick took it
      const result = await resumeAction(ctx, action, probe.request.by)
      return result.ok
        ? { action: action.name, decision: 'resumed', message: result.outcome, routes: result.routes, ...(state.incident ? { incident: state.incident.id } : {}) }
        : { action: action.name, decision: 'manual-refused', message: result.refused }
    }
  }
}
