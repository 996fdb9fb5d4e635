import type { BreakerActionConfig } from '../config/breakerSchema.js'
import { announce } from './announce.js'
import type { BreakerContext } from './BreakerContext.js'
import { logDecision } from './logDecision.js'
import type { ManualRequest } from './manualRequest.js'
import { manualRefusedMessage } from './messages.js'
import type { BreakerOutcome } from './types.js'

/** A manual request that cannot be carried out: delete it (undefined when another tick already did), say why. */
export async function dropRequest(ctx: BreakerContext, action: BreakerActionConfig, request: ManualRequest, why: string, now: number): Promise<BreakerOutcome | undefined> {
  if (!(await ctx.store.deleteRequest(request))) return undefined // another tick took it
  await logDecision(ctx, { action: action.name, at: now, kind: 'manual-refused', text: `${request.kind} requested by ${request.by.join(', ')}: ${why}` })
  await announce(ctx, action, 'manual-refused', manualRefusedMessage(action, `Breaker: the requested ${request.kind} of ${action.name} was not carried out`, request.by, why), {
    step: `${request.kind}@${request.at}`,
    now,
  })
  return { action: action.name, decision: 'manual-refused', message: why }
}
