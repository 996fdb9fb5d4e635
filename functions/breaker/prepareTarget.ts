import type { Address, PublicClient } from 'viem'
import { describeError } from '../rpc/describeError.js'
import type { EndpointClients } from './endpoints.js'
import type { CallPlan, ExecuteContext, ExecuteResult } from './executeCall.js'
import { explorerOf } from './explorerOf.js'
import { DEFAULT_INBOX_L2_GAS, MIN_INBOX_L2_GAS } from './inboxAbis.js'
import { readPaused } from './readPaused.js'
import { describeSendError, type SignedTransaction, SimulationRevertedError, signCall, simulateCall, suggestFees } from './sendTransaction.js'
import type { RouteResult } from './types.js'

/** What the routes need from the target chain, learnt before anything is sent. */
export interface PreparedTarget {
  readonly client: PublicClient
  /** Undefined where the target's RPC did not answer. */
  readonly chainId?: number
  /** The simulation's gas; undefined where the target could not simulate. */
  readonly estimate?: bigint
  /** The L2 gas the L1 path asks for (deposit gas limit, or the signed Arbitrum transaction's gas). */
  readonly l2InboxGas: bigint
  /** Arbitrum with an L1 path: the one signed L2 transaction both routes carry. */
  readonly presigned?: SignedTransaction
  /** Why the target could not be used, for the route records; the L1 path may still go. */
  readonly problem?: string
}

/**
 * The target-chain steps before anything is sent: chain id and signer allow-list, the paused view (already in
 * the wanted state → `already`), the simulation (a revert → `failed`, on every route), the L2 gas for the inbox
 * and, on Arbitrum with an L1 path, the signed L2 transaction. A target that cannot be used ends a direct-only
 * call here; with an L1 path its trouble is kept in `problem` and the L1 path still goes.
 */
export async function prepareTarget(ctx: ExecuteContext, plan: CallPlan): Promise<PreparedTarget | ExecuteResult> {
  const { clients, account, signer, settings } = ctx
  const client = clients.client(plan.target)
  const viaL1 = plan.route !== 'direct'
  const failed = (error: string) => failedOnTarget(clients, plan, error, account.address)

  let chainId: number | undefined
  let problem: string | undefined
  try {
    chainId = await clients.chainId(plan.target)
    signer.assertAllowedOn(chainId, plan.target.label)
  } catch (error) {
    if (chainId !== undefined) return failed(describeSendError(error))
    problem = `${plan.target.label} RPC unreachable: ${describeError(error)}`
  }

  if (plan.pausedView && chainId !== undefined) {
    try {
      if ((await readPaused(client, plan.call.to, plan.pausedView)) === plan.doneWhenPaused) return alreadyDone(clients, plan, chainId)
    } catch (error) {
      problem = `cannot read ${plan.pausedView} on ${plan.target.label}: ${describeError(error)}`
      if (!viaL1) return failed(problem)
    }
  }

  // Simulate on the target chain where it answers; a revert there would be a revert on every route.
  let estimate: bigint | undefined
  if (chainId !== undefined) {
    try {
      estimate = await simulateCall(client, account.address, plan.call, `${plan.what} on ${plan.target.label}`)
    } catch (error) {
      if (error instanceof SimulationRevertedError) return failed(error.shortMessage)
      problem = `cannot simulate ${plan.what} on ${plan.target.label}: ${describeError(error)}`
      if (!viaL1) return failed(problem)
    }
  }
  const l2InboxGas =
    plan.gasLimit !== undefined ? BigInt(plan.gasLimit) : estimate !== undefined ? maxBig(estimate * 2n, MIN_INBOX_L2_GAS) : DEFAULT_INBOX_L2_GAS

  // Arbitrum with an L1 path: one signed L2 transaction serves both routes.
  let presigned: SignedTransaction | undefined
  if (viaL1 && plan.watched.stack === 'arbitrum' && chainId !== undefined && estimate !== undefined) {
    try {
      const [nonce, fees] = await Promise.all([
        client.getTransactionCount({ address: account.address, blockTag: 'pending' }),
        suggestFees(client, settings),
      ])
      presigned = await signCall(account, { chainId, call: plan.call, gas: l2InboxGas, nonce, fees })
    } catch (error) {
      problem = `cannot sign the L2 transaction: ${describeSendError(error)}`
    }
  }
  return { client, chainId, estimate, l2InboxGas, presigned, problem }
}

function maxBig(a: bigint, b: bigint): bigint {
  return a > b ? a : b
}

function alreadyDone(clients: EndpointClients, plan: CallPlan, chainId: number): ExecuteResult {
  const route: RouteResult = {
    route: 'direct',
    kind: 'call',
    chain: plan.target.label,
    chainId,
    to: plan.call.to,
    transactions: [],
    status: 'already-paused',
    ...explorerOf(clients, plan.target),
  }
  return { outcome: 'already', routes: [route] }
}

function failedOnTarget(clients: EndpointClients, plan: CallPlan, error: string, from: Address): ExecuteResult {
  const chainId = clients.knownChainId(plan.target)
  const route: RouteResult = {
    route: plan.route === 'l1-inbox' ? 'l1-inbox' : 'direct',
    kind: 'call',
    chain: plan.target.label,
    ...(chainId !== undefined ? { chainId } : {}),
    from,
    to: plan.call.to,
    transactions: [],
    status: 'failed',
    error,
  }
  return { outcome: 'failed', routes: [route], error }
}
