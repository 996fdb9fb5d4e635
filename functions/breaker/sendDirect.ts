import type { PublicClient } from 'viem'
import type { CallPlan, ExecuteContext, ExecuteResult, RouteStepParameters } from './executeCall.js'
import { explorerOf } from './explorerOf.js'
import { readPaused } from './readPaused.js'
import { describeSendError, type SendOutcome, sendWithReplacement, withGasHeadroom } from './sendTransaction.js'
import { toRouteResult } from './toRouteResult.js'
import type { RouteResult } from './types.js'

/**
 * The direct route: one transaction on the target chain, replaced at a higher fee if not mined in time.
 * Returns the call's result, or undefined where the L1 path should go too (`both`, and not mined here).
 */
export async function sendDirect(ctx: ExecuteContext, params: RouteStepParameters): Promise<ExecuteResult | undefined> {
  const { clients, account, settings } = ctx
  const { plan, target, routes, record } = params
  const { client, chainId, estimate, presigned, problem } = target
  const viaL1 = plan.route !== 'direct'
  const index = routes.length
  const base: RouteResult = {
    route: 'direct',
    kind: 'call',
    chain: plan.target.label,
    ...(chainId !== undefined ? { chainId } : {}),
    from: account.address,
    to: plan.call.to,
    transactions: [],
    status: 'failed',
    ...explorerOf(clients, plan.target),
  }
  // Arbitrum with an L1 path sends only the presigned transaction, so that at most one of the two executes.
  if (chainId === undefined || estimate === undefined || (plan.watched.stack === 'arbitrum' && viaL1 && !presigned)) {
    await record(index, { ...base, error: problem ?? 'target chain unavailable' })
    return plan.route === 'direct' ? { outcome: 'failed', routes, error: problem } : undefined
  }

  let sent: SendOutcome
  try {
    sent = await sendWithReplacement({
      client,
      account,
      chainId,
      call: plan.call,
      gas: presigned?.gas ?? (plan.gasLimit !== undefined ? BigInt(plan.gasLimit) : withGasHeadroom(estimate)),
      settings,
      ...(presigned ? { presigned } : {}),
      // With an L1 path waiting, do not spend time replacing a transaction the sequencer may never see.
      ...(plan.route === 'both' ? { maxReplacements: 0 } : {}),
      onSent: (transactions, nonce) => record(index, { ...base, nonce, transactions, status: 'pending' }),
    })
  } catch (error) {
    sent = { status: 'failed', nonce: -1, gas: 0n, transactions: [], error: describeSendError(error) }
  }
  await record(index, toRouteResult(base, sent))
  if (sent.status === 'mined') return { outcome: 'done', routes }
  if (sent.status === 'reverted') return revertedOutcome(plan, client, routes)
  if (plan.route === 'direct') return { outcome: sent.status === 'pending' ? 'pending' : 'failed', routes, ...(sent.error ? { error: sent.error } : {}) }
  return undefined
}

/** Mined but reverted: if the target now shows the wanted state someone else got there first. */
async function revertedOutcome(plan: CallPlan, client: PublicClient, routes: RouteResult[]): Promise<ExecuteResult> {
  if (plan.pausedView) {
    const paused = await readPaused(client, plan.call.to, plan.pausedView).catch(() => undefined)
    if (paused === plan.doneWhenPaused) return { outcome: 'already', routes }
  }
  return { outcome: 'failed', routes, error: `${plan.what} was mined but reverted` }
}
