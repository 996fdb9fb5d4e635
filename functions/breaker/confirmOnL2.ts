import type { BreakerActionConfig } from '../config/breakerSchema.js'
import { announce } from './announce.js'
import type { BreakerContext } from './BreakerContext.js'
import { readPaused } from './executeCall.js'
import { logDecision } from './logDecision.js'
import { pauseConfirmedMessage } from './messages.js'
import { pausePlan } from './pausePlan.js'
import type { Streaks } from './policy.js'
import type { ActionState, BreakerOutcome, IncidentSummary } from './types.js'

/**
 * A pause sent through L1 (`submitted`): one read of the target's paused view on the target chain per tick.
 * Once true, the incident becomes `paused` with the block it was seen at, announced once (conditional write).
 */
export async function confirmOnL2(ctx: BreakerContext, action: BreakerActionConfig, state: ActionState, streaks: Streaks, now: number): Promise<BreakerOutcome | undefined> {
  const { store, clients } = ctx
  const incident = state.incident!
  const view = action.target.pausedView
  if (incident.outcome !== 'submitted' || !view) return undefined
  const plan = pausePlan(ctx, action)
  const client = clients.client(plan.target)
  let blockNumber: bigint
  try {
    if (!(await readPaused(client, plan.call.to, view))) return undefined
    // Seen once: pin it to a block (two more reads, on this transition only).
    blockNumber = await client.getBlockNumber({ cacheTime: 0 })
    if (!(await readPaused(client, plan.call.to, view, blockNumber))) return undefined
  } catch {
    return undefined // RPC trouble: look again next tick
  }
  const summary: IncidentSummary = { ...incident, outcome: 'paused', confirmedOnL2: { at: now, blockNumber: blockNumber.toString() } }
  if (!(await store.putState({ ...state, streaks, incident: summary, lastObservedAt: now, updatedAt: now, version: state.version + 1 }, state.version)))
    return { action: action.name, decision: 'lost-race', incident: incident.id }
  const record = await store.getIncident(action.name, incident.id).catch(() => undefined)
  const routes = record?.routes ?? []
  if (record) await store.putIncident({ ...record, ...summary, updatedAt: now }).catch(() => {})
  await logDecision(ctx, { action: action.name, at: now, kind: 'paused', text: `pause confirmed on L2: ${view} true at block ${blockNumber}`, incident: incident.id })
  await announce(ctx, action, 'pause-confirmed', pauseConfirmedMessage(action, summary, record?.route ?? plan.route, routes, blockNumber.toString(), clients.explorer(plan.target)), {
    incident: incident.id,
    step: blockNumber.toString(),
    now,
    paused: true,
  })
  return { action: action.name, decision: 'paused', incident: incident.id, routes, message: `pause confirmed on L2 at block ${blockNumber}` }
}
