import type { BreakerActionConfig, BreakerMode } from '../config/breakerSchema.js'
import type { BreakerContext } from './BreakerContext.js'
import { resolveRoute, type Streaks } from './policy.js'
import type { ActionState, IncidentRecord, LogEntry, ReadinessReport } from './types.js'

export interface ActionStatus {
  readonly name: string
  readonly chain: string
  readonly checks: readonly string[]
  readonly severity: string
  readonly for?: number
  readonly forSeconds?: number
  readonly route: string
  readonly target: BreakerActionConfig['target']
  readonly grace: number
  readonly phase: ActionState['phase']
  readonly streaks: Streaks
  readonly incident?: IncidentRecord
  readonly readiness?: ReadinessReport
  readonly log: readonly LogEntry[]
}

export interface BreakerStatus {
  readonly mode: BreakerMode
  readonly signer?: string
  readonly actions: readonly ActionStatus[]
}

/** `watchtower breaker status`: every action's phase, streaks, open incident, readiness and recent log. */
export async function readStatus(ctx: BreakerContext, { logLimit = 10 }: { logLimit?: number } = {}): Promise<BreakerStatus> {
  const { store } = ctx
  const statuses: ActionStatus[] = []
  for (const action of ctx.actions) {
    const [state, readiness, entries] = await Promise.all([store.getState(action.name), store.getReadiness(action.name), store.recentLog(action.name, logLimit)])
    const incident = state?.incident ? await store.getIncident(action.name, state.incident.id) : undefined
    const watched = ctx.config.chains.find((c) => c.name === action.chain)
    statuses.push({
      name: action.name,
      chain: action.chain,
      checks: action.checks,
      severity: action.severity,
      ...(action.for !== undefined ? { for: action.for } : {}),
      ...(action.forSeconds !== undefined ? { forSeconds: action.forSeconds } : {}),
      route: watched ? resolveRoute(action, watched.stack) : (action.route ?? 'direct'),
      target: action.target,
      grace: action.grace,
      phase: state?.phase ?? 'idle',
      streaks: state?.streaks ?? {},
      ...(incident ? { incident } : {}),
      ...(readiness ? { readiness } : {}),
      log: entries,
    })
  }
  return { mode: ctx.mode, ...(ctx.signer ? { signer: ctx.signer.description } : {}), actions: statuses }
}
