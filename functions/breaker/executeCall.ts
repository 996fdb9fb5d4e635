import { type Address, concat, encodeFunctionData, type Hex, type LocalAccount, parseEventLogs, type PublicClient, zeroAddress } from 'viem'
import { getL2TransactionHash } from 'viem/op-stack'
import type { BreakerRoute } from '../config/breakerSchema.js'
import type { ChainConfig } from '../config/schema.js'
import { describeError } from '../rpc/describeError.js'
import { type EndpointClients, type Endpoint } from './endpoints.js'
import { functionAbi } from './functionCall.js'
import {
  ARBITRUM_SIGNED_TX_KIND,
  arbitrumInboxAbi,
  DEFAULT_INBOX_L2_GAS,
  MIN_INBOX_L2_GAS,
  optimismPortalAbi,
  systemConfigPortalAbi,
} from './inboxAbis.js'
import {
  type Call,
  describeSendError,
  type SendOutcome,
  type SendSettings,
  type SignedTransaction,
  SimulationRevertedError,
  sendWithReplacement,
  signCall,
  simulateCall,
  suggestFees,
  withGasHeadroom,
} from './sendTransaction.js'
import type { BreakerSigner } from './signer.js'
import type { RouteResult } from './types.js'

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

/** Reads the target's paused view (a `bool` getter). */
export async function readPaused(client: PublicClient, address: Address, view: string, blockNumber?: bigint): Promise<boolean> {
  const abi = functionAbi(view, 'view')
  return (await client.readContract({ address, abi: [abi], functionName: abi.name, ...(blockNumber !== undefined ? { blockNumber } : {}) })) as boolean
}

/**
 * Runs one call over its route(s):
 * 1. the paused view on the target (already in the wanted state → nothing is sent);
 * 2. a simulation from the signer (eth_estimateGas): a revert stops everything, on every route;
 * 3. `direct`: one transaction on the target chain, replaced at a higher fee if not mined in time;
 *    `l1-inbox`: the call through the L1 (OP: OptimismPortal.depositTransaction; Arbitrum: the signed L2
 *    transaction in Inbox.sendL2Message); `both`: direct first, and the L1 path too if the direct one is not
 *    mined within the receipt bound (Arbitrum reuses the very same signed transaction, so at most one executes).
 */
export async function executeCall(plan: CallPlan, ctx: ExecuteContext): Promise<ExecuteResult> {
  const { clients, account, signer, settings } = ctx
  const routes: RouteResult[] = []
  const record = async (index: number, result: RouteResult) => {
    routes[index] = result
    await ctx.onProgress?.(routes)
  }
  const targetClient = clients.client(plan.target)
  const targetAddress = plan.call.to
  const viaL1 = plan.route !== 'direct'

  let targetChainId: number | undefined
  let targetProblem: string | undefined
  try {
    targetChainId = await clients.chainId(plan.target)
    signer.assertAllowedOn(targetChainId, plan.target.label)
  } catch (error) {
    if (targetChainId !== undefined) return fail(routes, plan, clients, describeSendError(error), account.address)
    targetProblem = `${plan.target.label} RPC unreachable: ${describeError(error)}`
  }

  if (plan.pausedView && targetChainId !== undefined) {
    try {
      if ((await readPaused(targetClient, targetAddress, plan.pausedView)) === plan.doneWhenPaused) {
        routes.push({
          route: 'direct',
          kind: 'call',
          chain: plan.target.label,
          chainId: targetChainId,
          to: targetAddress,
          transactions: [],
          status: 'already-paused',
          ...explorerOf(clients, plan.target),
        })
        return { outcome: 'already', routes }
      }
    } catch (error) {
      targetProblem = `cannot read ${plan.pausedView} on ${plan.target.label}: ${describeError(error)}`
      if (!viaL1) return fail(routes, plan, clients, targetProblem, account.address)
    }
  }

  // Simulate on the target chain where it answers; a revert there would be a revert on every route.
  let estimate: bigint | undefined
  if (targetChainId !== undefined) {
    try {
      estimate = await simulateCall(targetClient, account.address, plan.call, `${plan.what} on ${plan.target.label}`)
    } catch (error) {
      if (error instanceof SimulationRevertedError) return fail(routes, plan, clients, error.shortMessage, account.address)
      targetProblem = `cannot simulate ${plan.what} on ${plan.target.label}: ${describeError(error)}`
      if (!viaL1) return fail(routes, plan, clients, targetProblem, account.address)
    }
  }
  const l2InboxGas =
    plan.gasLimit !== undefined
      ? BigInt(plan.gasLimit)
      : estimate !== undefined
        ? maxBig(estimate * 2n, MIN_INBOX_L2_GAS)
        : DEFAULT_INBOX_L2_GAS

  // Arbitrum with an L1 path: one signed L2 transaction serves both routes.
  let presigned: SignedTransaction | undefined
  if (viaL1 && plan.watched.stack === 'arbitrum' && targetChainId !== undefined && estimate !== undefined) {
    try {
      const [nonce, fees] = await Promise.all([
        targetClient.getTransactionCount({ address: account.address, blockTag: 'pending' }),
        suggestFees(targetClient, settings),
      ])
      presigned = await signCall(account, { chainId: targetChainId, call: plan.call, gas: l2InboxGas, nonce, fees })
    } catch (error) {
      targetProblem = `cannot sign the L2 transaction: ${describeSendError(error)}`
    }
  }

  if (plan.route === 'direct' || plan.route === 'both') {
    const index = routes.length
    const base: RouteResult = {
      route: 'direct',
      kind: 'call',
      chain: plan.target.label,
      ...(targetChainId !== undefined ? { chainId: targetChainId } : {}),
      from: account.address,
      to: targetAddress,
      transactions: [],
      status: 'failed',
      ...explorerOf(clients, plan.target),
    }
    if (targetChainId === undefined || estimate === undefined || (plan.watched.stack === 'arbitrum' && viaL1 && !presigned)) {
      await record(index, { ...base, error: targetProblem ?? 'target chain unavailable' })
      if (plan.route === 'direct') return { outcome: 'failed', routes, error: targetProblem }
    } else {
      let sent: SendOutcome
      try {
        sent = await sendWithReplacement({
          client: targetClient,
          account,
          chainId: targetChainId,
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
      const result = toRouteResult(base, sent)
      await record(index, result)
      if (sent.status === 'mined') return { outcome: 'done', routes }
      if (sent.status === 'reverted') return revertedOutcome(plan, targetClient, routes)
      if (plan.route === 'direct') return { outcome: sent.status === 'pending' ? 'pending' : 'failed', routes, ...(sent.error ? { error: sent.error } : {}) }
    }
  }

  // The L1 path.
  const index = routes.length
  const l1 = plan.l1
  const kind = plan.watched.stack === 'arbitrum' ? 'arbitrum-inbox' : 'op-deposit'
  const l1Base = (to: Address, chainId?: number): RouteResult => ({
    route: 'l1-inbox',
    kind,
    chain: l1?.label ?? `${plan.watched.name} L1`,
    ...(chainId !== undefined ? { chainId } : {}),
    from: account.address,
    to,
    transactions: [],
    status: 'failed',
    ...(l1 ? explorerOf(clients, l1) : {}),
  })
  if (!l1) {
    await record(index, { ...l1Base(zeroAddress), error: `chain ${plan.watched.name} has no l1Rpc` })
    return { outcome: summarize(routes), routes }
  }
  const l1Client = clients.client(l1)
  let l1ChainId: number
  let inbox: Address
  try {
    l1ChainId = await clients.chainId(l1)
    signer.assertAllowedOn(l1ChainId, l1.label)
    inbox = await resolveInbox(plan, l1Client)
  } catch (error) {
    await record(index, { ...l1Base(plan.inbox ?? zeroAddress), error: describeSendError(error) })
    return { outcome: summarize(routes), routes }
  }

  let l1Call: Call
  let l2TransactionHash: Hex | undefined
  if (kind === 'arbitrum-inbox') {
    if (!presigned) {
      await record(index, { ...l1Base(inbox, l1ChainId), error: targetProblem ?? 'cannot sign the L2 transaction' })
      return { outcome: summarize(routes), routes }
    }
    l2TransactionHash = presigned.hash
    l1Call = {
      to: inbox,
      data: encodeFunctionData({ abi: arbitrumInboxAbi, functionName: 'sendL2Message', args: [concat([ARBITRUM_SIGNED_TX_KIND, presigned.serialized])] }),
    }
  } else {
    l1Call = {
      to: inbox,
      data: encodeFunctionData({
        abi: optimismPortalAbi,
        functionName: 'depositTransaction',
        args: [targetAddress, plan.call.value ?? 0n, l2InboxGas, false, plan.call.data],
      }),
    }
  }
  const base = { ...l1Base(inbox, l1ChainId), ...(l2TransactionHash ? { l2TransactionHash } : {}) }
  let sent: SendOutcome
  try {
    const l1Estimate = await simulateCall(l1Client, account.address, l1Call, `${kind === 'op-deposit' ? 'depositTransaction' : 'sendL2Message'} on ${l1.label}`)
    sent = await sendWithReplacement({
      client: l1Client,
      account,
      chainId: l1ChainId,
      call: l1Call,
      gas: withGasHeadroom(l1Estimate),
      settings,
      onSent: (transactions, nonce) => record(index, { ...base, nonce, transactions, status: 'pending' }),
    })
  } catch (error) {
    sent = { status: 'failed', nonce: -1, gas: 0n, transactions: [], error: describeSendError(error) }
  }
  let result = toRouteResult(base, sent)
  if (sent.receipt && sent.status === 'mined' && kind === 'op-deposit') {
    const [deposited] = parseEventLogs({
      abi: optimismPortalAbi,
      eventName: 'TransactionDeposited',
      logs: sent.receipt.logs.filter((log) => log.address.toLowerCase() === inbox.toLowerCase()),
    })
    if (deposited) result = { ...result, l2TransactionHash: getL2TransactionHash({ log: deposited }) }
  }
  await record(index, result)
  return { outcome: summarize(routes), routes, ...(sent.error ? { error: sent.error } : {}) }
}

function maxBig(a: bigint, b: bigint): bigint {
  return a > b ? a : b
}

function explorerOf(clients: EndpointClients, endpoint: Endpoint): { explorer?: string } {
  const explorer = clients.explorer(endpoint)
  return explorer ? { explorer } : {}
}

/** The OptimismPortal or Inbox the L1 path goes through: configured, else discovered. */
export async function resolveInbox(plan: CallPlan, l1Client: PublicClient): Promise<Address> {
  if (plan.inbox) return plan.inbox
  const contracts = (plan.watched as { contracts?: Record<string, Address | undefined> }).contracts ?? {}
  if (plan.watched.stack === 'arbitrum') {
    if (contracts.inbox) return contracts.inbox
    throw new Error(`no delayed Inbox configured for ${plan.watched.name}`)
  }
  if (contracts.optimismPortal) return contracts.optimismPortal
  if (contracts.systemConfig)
    return l1Client.readContract({ address: contracts.systemConfig, abi: systemConfigPortalAbi, functionName: 'optimismPortal' })
  throw new Error(`no OptimismPortal or SystemConfig configured for ${plan.watched.name}`)
}

function toRouteResult(base: RouteResult, sent: SendOutcome): RouteResult {
  return {
    ...base,
    ...(sent.nonce >= 0 ? { nonce: sent.nonce, gas: sent.gas.toString() } : {}),
    transactions: sent.transactions,
    status: sent.status,
    ...(sent.receipt ? { minedHash: sent.receipt.transactionHash, blockNumber: sent.receipt.blockNumber.toString() } : {}),
    ...(sent.error ? { error: sent.error } : {}),
  }
}

/** Mined but reverted: if the target now shows the wanted state someone else got there first. */
async function revertedOutcome(plan: CallPlan, client: PublicClient, routes: RouteResult[]): Promise<ExecuteResult> {
  if (plan.pausedView) {
    const paused = await readPaused(client, plan.call.to, plan.pausedView).catch(() => undefined)
    if (paused === plan.doneWhenPaused) return { outcome: 'already', routes }
  }
  return { outcome: 'failed', routes, error: `${plan.what} was mined but reverted` }
}

function fail(routes: RouteResult[], plan: CallPlan, clients: EndpointClients, error: string, from: Address): ExecuteResult {
  routes.push({
    route: plan.route === 'l1-inbox' ? 'l1-inbox' : 'direct',
    kind: 'call',
    chain: plan.target.label,
    ...(clients.knownChainId(plan.target) !== undefined ? { chainId: clients.knownChainId(plan.target)! } : {}),
    from,
    to: plan.call.to,
    transactions: [],
    status: 'failed',
    error,
  })
  return { outcome: 'failed', routes, error }
}

/** Best of the routes: mined on L1 → submitted; anything pending → pending; else failed. */
function summarize(routes: readonly RouteResult[]): ExecuteResult['outcome'] {
  if (routes.some((r) => r.route === 'direct' && r.status === 'mined')) return 'done'
  if (routes.some((r) => r.route === 'l1-inbox' && r.status === 'mined')) return 'submitted'
  if (routes.some((r) => r.status === 'pending')) return 'pending'
  return 'failed'
}
