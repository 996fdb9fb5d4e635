import type { Address, LocalAccount } from 'viem'
import type { BreakerRoute } from '../config/breakerSchema.js'
import type { ChainConfig } from '../config/schema.js'
import type { EndpointClients, Endpoint } from './endpoints.js'
import { type PreparedTarget, prepareTarget } from './prepareTarget.js'
import { sendDirect } from './sendDirect.js'
import type { Call, SendSettings } from './sendTransaction.js'
import { sendViaL1 } from './sendViaL1.js'
import type { BreakerSigner } from './signer.js'
import type { RouteResult } from './types.js'

// Moved to their own files; still exported from here for the callers.
export { readPaused } from './readPaused.js'
export { resolveInbox } from './resolveInbox.js'

/** One on-chain call the breaker makes (pause, or unpause on resume), and how to get it there. */
export interface CallPlan {
  readonly watched: ChainConfig
  readonly route: BreakerRoute
  /** Where the call executes. */
  readonly target: Endpoint
  /** The watched chain's L1, for l1-inbox routes. */
  readonly l1?: Endpoint
  /** Configured OptimismPortal / Inbox override. */
  readonly inbox?: Address
  readonly call: Call
  /** `paused()`; false where the contract has no such view. */
  readonly pausedView: string | false
  /** Value of the paused view that means there is nothing to do (true for pause, false for unpause). */
  readonly doneWhenPaused: boolean
  readonly gasLimit?: number
  /** `pause()` for messages. */
  readonly what: string
}

export interface ExecuteContext {
  readonly clients: EndpointClients
  readonly account: LocalAccount
  readonly signer: BreakerSigner
  readonly settings: SendSettings
  /** Called whenever a route's record changes (a transaction was accepted): persist it before waiting on. */
  readonly onProgress?: (routes: readonly RouteResult[]) => Promise<void>
}

export interface ExecuteResult {
  /**
   * `done`: mined on the target chain. `submitted`: mined into the L1 inbox (executes on L2 when derived).
   * `already`: the paused view already shows the wanted state. `pending`: sent, not mined yet. `failed`.
   */
  readonly outcome: 'done' | 'submitted' | 'already' | 'pending' | 'failed'
  readonly routes: readonly RouteResult[]
  readonly error?: string
}

/** What executeCall hands each route step. */
export interface RouteStepParameters {
  readonly plan: CallPlan
  readonly target: PreparedTarget
  /** The routes recorded so far; a step records its own at the next index. */
  readonly routes: RouteResult[]
  /** Sets a route's record and persists them all through onProgress. */
  readonly record: (index: number, result: RouteResult) => Promise<void>
}

/**
 * Runs one call over its route(s):
 * 1. prepareTarget: the paused view on the target (already in the wanted state → nothing is sent), then a
 *    simulation from the signer (eth_estimateGas): a revert stops everything, on every route;
 * 2. sendDirect (`direct`, `both`): one transaction on the target chain, replaced at a higher fee if not mined in time;
 * 3. sendViaL1 (`l1-inbox`, and `both` if the direct one is not mined within the receipt bound): the call through
 *    the L1 (OP: OptimismPortal.depositTransaction; Arbitrum: the signed L2 transaction in Inbox.sendL2Message).
 *    Arbitrum reuses the very same signed transaction on both routes, so at most one executes.
 */
export async function executeCall(plan: CallPlan, ctx: ExecuteContext): Promise<ExecuteResult> {
  const target = await prepareTarget(ctx, plan)
  if ('outcome' in target) return target
  const routes: RouteResult[] = []
  const record = async (index: number, result: RouteResult) => {
    routes[index] = result
    await ctx.onProgress?.(routes)
  }
  if (plan.route === 'direct' || plan.route === 'both') {
    const settled = await sendDirect(ctx, { plan, target, routes, record })
    if (settled) return settled
  }
  return sendViaL1(ctx, { plan, target, routes, record })
}
