import type { BreakerActionConfig } from '../config/breakerSchema.js'
import type { BreakerHostConfig } from './BreakerContext.js'
import { resolveRoute } from './policy.js'
import type { IncidentRecord, IncidentSummary, RouteResult } from './types.js'
import { watchedChain } from './watchedChain.js'

/** The full record of an incident (`INCIDENT#<id>`): its summary, the action's target and route, every route's transactions. */
export function incidentRecord(
  config: BreakerHostConfig,
  action: BreakerActionConfig,
  incident: IncidentSummary,
  routes: readonly RouteResult[],
  now: number,
): IncidentRecord {
  return {
    ...incident,
    action: action.name,
    chain: action.chain,
    target: { chain: action.target.chain, address: action.target.address, function: action.target.function },
    route: resolveRoute(action, watchedChain(config, action).stack),
    routes,
    updatedAt: now,
  }
}
