import type { BreakerActionConfig } from '../config/breakerSchema.js'
import type { BreakerContext } from './BreakerContext.js'
import type { CallPlan } from './executeCall.js'
import { encodeCall } from './functionCall.js'
import { pausePlan } from './pausePlan.js'

/** The unpause `breaker resume` sends: straight to the target chain, whose sequencer is up again by then. */
export function unpausePlan(ctx: Pick<BreakerContext, 'config' | 'l1Explorer'>, action: BreakerActionConfig): CallPlan {
  return {
    ...pausePlan(ctx, action),
    route: 'direct',
    call: { to: action.target.address, data: encodeCall(action.target.unpause, action.target.unpauseArgs) },
    doneWhenPaused: false,
    what: action.target.unpause,
  }
}
