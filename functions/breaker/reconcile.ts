import type { PublicClient } from 'viem'
import type { BreakerActionConfig } from '../config/breakerSchema.js'
import { announce } from './announce.js'
import type { BreakerContext } from './BreakerContext.js'
import { hashesOf } from './hashesOf.js'
import { logDecision } from './logDecision.js'
import { failedMessage, pausedMessage } from './messages.js'
import { pausePlan } from './pausePlan.js'
import { findReceipt } from './sendTransaction.js'
import type { ActionState, BreakerOutcome, IncidentOutcome, IncidentSummary, LogKind, RouteResult } from './types.js'

/**
 * A `pending` pause: look for receipts (and a nonce taken by something else); nothing is sent. Undefined when
 * nothing changed (the next step runs); otherwise the new outcome is written, recorded, logged and announced.
 */
export async function reconcile(ctx: BreakerContext, action: BreakerActionConfig, state: ActionState, now: number): Promise<BreakerOutcome | undefined> {
  const { store, clients } = ctx
  const incident = state.incident!
  const record = await store.getIncident(action.name, incident.id)
  if (!record) return undefined
  const plan = pausePlan(ctx, action)
  const looked = await Promise.all(
    record.routes.map(async (route) => {
      if (route.status !== 'pending' || route.transactions.length === 0) return undefined
      const endpoint = route.route === 'l1-inbox' ? plan.l1 : plan.target
      return endpoint ? reconcileRoute(clients.client(endpoint), route) : undefined
    }),
  )
  if (looked.every((found) => found === undefined)) return undefined
  const routes = record.routes.map((route, index) => looked[index] ?? route)
  const outcome: IncidentOutcome = routes.some((r) => r.route === 'direct' && r.status === 'mined')
    ? 'paused'
    : routes.some((r) => r.route === 'l1-inbox' && r.status === 'mined')
      ? 'submitted'
      : routes.some((r) => r.status === 'pending')
        ? 'pending'
        : 'failed'
  const summary: IncidentSummary = { ...incident, outcome, ...(outcome === 'failed' ? { lastError: routes.find((r) => r.error)?.error ?? 'not mined' } : {}) }
  const written = await store.putState({ ...state, incident: summary, lastObservedAt: now, updatedAt: now, version: state.version + 1 }, state.version)
  if (!written) return { action: action.name, decision: 'lost-race', incident: incident.id }
  await store.putIncident({ ...record, ...summary, routes, updatedAt: now })
  const hashes = hashesOf(routes)
  await logDecision(ctx, { action: action.name, at: now, kind: outcome as LogKind, text: `reconciled: ${outcome}`, incident: incident.id, ...(hashes.length ? { hashes } : {}) })
  const about = { incident: incident.id, step: `v${state.version + 1}`, now, hashes, paused: outcome !== 'failed' }
  if (outcome === 'paused' || outcome === 'submitted') await announce(ctx, action, outcome, pausedMessage(action, summary, record.route, routes, outcome), about)
  else if (outcome === 'failed')
    await announce(ctx, action, 'failed', failedMessage(action, summary, record.route, summary.lastError ?? 'not mined', routes, summary.attempts >= ctx.maxAttempts), about)
  return { action: action.name, decision: outcome, incident: incident.id, routes }
}

/** One pending route: mined (or reverted), its nonce gone to another transaction, or undefined (unchanged). */
async function reconcileRoute(client: PublicClient, route: RouteResult): Promise<RouteResult | undefined> {
  const hashes = route.transactions.map((t) => t.hash)
  try {
    const receipt = await findReceipt(client, hashes)
    if (receipt) return { ...route, status: receipt.status === 'success' ? 'mined' : 'reverted', minedHash: receipt.transactionHash, blockNumber: receipt.blockNumber.toString() }
    if (route.nonce !== undefined && route.from) {
      const used = await client.getTransactionCount({ address: route.from, blockTag: 'latest' })
      if (used > route.nonce) {
        // Mined between the two reads, or the nonce went to another transaction of the signer.
        const late = await findReceipt(client, hashes)
        return late
          ? { ...route, status: late.status === 'success' ? 'mined' : 'reverted', minedHash: late.transactionHash, blockNumber: late.blockNumber.toString() }
          : { ...route, status: 'failed', error: `nonce ${route.nonce} was used by another transaction` }
      }
    }
  } catch {
    // RPC trouble: look again next tick.
  }
  return undefined
}
