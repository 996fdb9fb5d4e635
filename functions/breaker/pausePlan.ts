import type { BreakerActionConfig } from '../config/breakerSchema.js'
import type { BreakerContext } from './BreakerContext.js'
import { l1Endpoint, targetEndpoint } from './endpoints.js'
import type { CallPlan } from './executeCall.js'
import { encodeCall } from './functionCall.js'
import { resolveRoute } from './policy.js'
import { watchedChain } from './watchedChain.js'

/** The pause an action sends: its target call, over its route, on the chains the config names. */
export function pausePlan(ctx: Pick<BreakerContext, 'config' | 'l1Explorer'>, action: BreakerActionConfig): CallPlan {
  const watched = watchedChain(ctx.config, action)
  const l1 = l1Endpoint(watched, ctx.l1Explorer)
  return {
    watched,
    route: resolveRoute(action, watched.stack),
    target: targetEndpoint(action, ctx.config.chains, ctx.l1Explorer),
    ...(l1 ? { l1 } : {}),
    ...(action.inbox ? { inbox: action.inbox } : {}),
    call: { to: action.target.address, data: encodeCall(action.target.function, action.target.args) },
    pausedView: action.target.pausedView,
    doneWhenPaused: true,
    ...(action.target.gasLimit !== undefined ? { gasLimit: action.target.gasLimit } : {}),
    what: action.target.function,
  }
}
