import type { BreakerActionConfig } from '../config/breakerSchema.js'
import { describeError } from '../rpc/describeError.js'
import { announce } from './announce.js'
import type { BreakerContext } from './BreakerContext.js'
import { logDecision } from './logDecision.js'
import { replacedMessage } from './messages.js'
import { pausePlan } from './pausePlan.js'
import { replacementDue, type Streaks } from './policy.js'
import { replaceTransaction } from './sendTransaction.js'
import type { BreakerSigner } from './signer.js'
import type { ActionState, BreakerOutcome, IncidentSummary, RouteResult } from './types.js'

/**
 * A `pending` pause whose transaction is still unmined well after its last send: one same-nonce replacement
 * at a higher fee per due route, sent only by the tick whose conditional write claims it (so two processes
 * cannot both re-bump), recorded and announced once. Bounded by maxFeeGwei and maxTotalReplacements.
 */
export async function rebump(ctx: BreakerContext, action: BreakerActionConfig, state: ActionState, streaks: Streaks, now: number): Promise<BreakerOutcome | undefined> {
  const { store, signer, clients, settings, maxTotalReplacements } = ctx
  const incident = state.incident!
  if (!signer || incident.outcome !== 'pending' || maxTotalReplacements === 0) return undefined
  if ((incident.laterReplacements ?? 0) >= maxTotalReplacements) return undefined
  const record = await store.getIncident(action.name, incident.id).catch(() => undefined)
  if (!record) return undefined
  const bounds = { waitSeconds: ctx.rebumpAfterSeconds, maxTotal: maxTotalReplacements, wallNowSeconds: ctx.sendClock.now() / 1000, maxFeePerGasCap: ctx.maxFeePerGasCap }
  const due = record.routes.flatMap((route, index) => (replacementDue(route, bounds) ? [index] : []))
  if (due.length === 0) return undefined
  // The claim on this replacement: of two ticks that both got here, exactly one write succeeds.
  const summary: IncidentSummary = { ...incident, laterReplacements: (incident.laterReplacements ?? 0) + 1 }
  if (!(await store.putState({ ...state, streaks, incident: summary, lastObservedAt: now, updatedAt: now, version: state.version + 1 }, state.version)))
    return { action: action.name, decision: 'lost-race', incident: incident.id }

  const plan = pausePlan(ctx, action)
  const routes = [...record.routes]
  const replaced: RouteResult[] = []
  const problems: string[] = []
  let account: Awaited<ReturnType<BreakerSigner['account']>>
  try {
    account = await signer.account()
  } catch (error) {
    return { action: action.name, decision: 'pending', incident: incident.id, message: `replacement: ${describeError(error)}` }
  }
  for (const index of due) {
    const route = routes[index]!
    const endpoint = route.route === 'l1-inbox' ? plan.l1 : plan.target
    if (!endpoint) continue
    try {
      const client = clients.client(endpoint)
      const chainId = route.chainId ?? (await clients.chainId(endpoint))
      signer.assertAllowedOn(chainId, endpoint.label)
      const result = await replaceTransaction({
        client,
        account,
        chainId,
        nonce: route.nonce!,
        previous: route.transactions.at(-1)!,
        hashes: route.transactions.map((t) => t.hash),
        ...(route.route === 'direct' && route.gas ? { fallback: { call: plan.call, gas: BigInt(route.gas) } } : {}),
        settings,
      })
      if ('sent' in result) {
        routes[index] = { ...route, transactions: [...route.transactions, result.sent] }
        replaced.push(routes[index]!)
      } else problems.push(`${route.chain}: ${'skipped' in result ? result.skipped : `replacement not accepted: ${result.error}`}`)
    } catch (error) {
      problems.push(`${route.chain}: ${describeError(error)}`)
    }
  }
  await store.putIncident({ ...record, ...summary, routes, updatedAt: now }).catch(() => {})
  const hashes = replaced.map((r) => r.transactions.at(-1)!.hash)
  const text = [...replaced.map((r) => `replaced the unmined pause on ${r.chain} (nonce ${r.nonce}, ${r.transactions.length - 1} replacement(s))`), ...problems].join('; ')
  await logDecision(ctx, { action: action.name, at: now, kind: 'replaced', text, incident: incident.id, ...(hashes.length ? { hashes } : {}) })
  if (replaced.length > 0)
    await announce(ctx, action, 'replaced', replacedMessage(action, summary, record.route, routes, replaced), { incident: incident.id, step: `r${summary.laterReplacements}`, now, hashes, paused: true })
  return { action: action.name, decision: 'pending', incident: incident.id, routes, message: text }
}
