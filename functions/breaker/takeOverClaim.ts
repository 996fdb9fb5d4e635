import type { BreakerActionConfig } from '../config/breakerSchema.js'
import type { BreakerContext } from './BreakerContext.js'
import { reconcile } from './reconcile.js'
import type { ActionState, BreakerOutcome } from './types.js'

/**
 * A claim whose tick died (its lease is over). If that tick had sent, find out what became of its transactions
 * and send nothing new; if it recorded none, fall through (undefined) so the attempt is run again.
 */
export async function takeOverClaim(ctx: BreakerContext, action: BreakerActionConfig, state: ActionState, now: number): Promise<BreakerOutcome | undefined> {
  const incident = state.incident!
  const record = await ctx.store.getIncident(action.name, incident.id).catch(() => undefined)
  if (!record?.routes.some((route) => route.transactions.length > 0)) return undefined
  const pending: ActionState = { ...state, incident: { ...incident, outcome: 'pending' }, updatedAt: now, version: state.version + 1 }
  if (!(await ctx.store.putState(pending, state.version))) return { action: action.name, decision: 'lost-race', incident: incident.id }
  return (await reconcile(ctx, action, pending, now)) ?? { action: action.name, decision: 'pending', incident: incident.id }
}
