import { type Address, type Hex, parseEventLogs, type TransactionReceipt, zeroAddress } from 'viem'
import { getL2TransactionHash } from 'viem/op-stack'
import { buildL1Call } from './buildL1Call.js'
import type { ExecuteContext, ExecuteResult, RouteStepParameters } from './executeCall.js'
import { explorerOf } from './explorerOf.js'
import { optimismPortalAbi } from './inboxAbis.js'
import { resolveInbox } from './resolveInbox.js'
import { describeSendError, type SendOutcome, sendWithReplacement, simulateCall, withGasHeadroom } from './sendTransaction.js'
import { toRouteResult } from './toRouteResult.js'
import type { RouteResult } from './types.js'

/**
 * The L1 route: the call through the watched chain's L1 (OP: OptimismPortal.depositTransaction; Arbitrum: the
 * presigned L2 transaction in Inbox.sendL2Message), simulated on L1, then sent and replaced if slow.
 * Returns the best of all the routes recorded.
 */
export async function sendViaL1(ctx: ExecuteContext, params: RouteStepParameters): Promise<ExecuteResult> {
  const { clients, account, signer, settings } = ctx
  const { plan, target, routes, record } = params
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
  const giveUp = async (result: RouteResult): Promise<ExecuteResult> => {
    await record(index, result)
    return { outcome: summarize(routes), routes }
  }
  if (!l1) return giveUp({ ...l1Base(zeroAddress), error: `chain ${plan.watched.name} has no l1Rpc` })
  const l1Client = clients.client(l1)
  let l1ChainId: number
  let inbox: Address
  try {
    l1ChainId = await clients.chainId(l1)
    signer.assertAllowedOn(l1ChainId, l1.label)
    inbox = await resolveInbox(plan, l1Client)
  } catch (error) {
    return giveUp({ ...l1Base(plan.inbox ?? zeroAddress), error: describeSendError(error) })
  }

  const l1Call = buildL1Call({ kind, inbox, call: plan.call, l2Gas: target.l2InboxGas, presigned: target.presigned })
  if (!l1Call) return giveUp({ ...l1Base(inbox, l1ChainId), error: target.problem ?? 'cannot sign the L2 transaction' })
  const base = { ...l1Base(inbox, l1ChainId), ...(l1Call.l2TransactionHash ? { l2TransactionHash: l1Call.l2TransactionHash } : {}) }
  let sent: SendOutcome
  try {
    const l1Estimate = await simulateCall(l1Client, account.address, l1Call.call, `${kind === 'op-deposit' ? 'depositTransaction' : 'sendL2Message'} on ${l1.label}`)
    sent = await sendWithReplacement({
      client: l1Client,
      account,
      chainId: l1ChainId,
      call: l1Call.call,
      gas: withGasHeadroom(l1Estimate),
      settings,
      onSent: (transactions, nonce) => record(index, { ...base, nonce, transactions, status: 'pending' }),
    })
  } catch (error) {
    sent = { status: 'failed', nonce: -1, gas: 0n, transactions: [], error: describeSendError(error) }
  }
  let result = toRouteResult(base, sent)
  if (sent.receipt && sent.status === 'mined' && kind === 'op-deposit') {
    const l2TransactionHash = depositL2Hash(sent.receipt, inbox)
    if (l2TransactionHash) result = { ...result, l2TransactionHash }
  }
  await record(index, result)
  return { outcome: summarize(routes), routes, ...(sent.error ? { error: sent.error } : {}) }
}

/** The L2 transaction a mined deposit becomes, from the portal's TransactionDeposited event. */
function depositL2Hash(receipt: TransactionReceipt, portal: Address): Hex | undefined {
  const [deposited] = parseEventLogs({
    abi: optimismPortalAbi,
    eventName: 'TransactionDeposited',
    logs: receipt.logs.filter((log) => log.address.toLowerCase() === portal.toLowerCase()),
  })
  return deposited ? getL2TransactionHash({ log: deposited }) : undefined
}

/** Best of the routes: mined on L1 → submitted; anything pending → pending; else failed. */
function summarize(routes: readonly RouteResult[]): ExecuteResult['outcome'] {
  if (routes.some((r) => r.route === 'direct' && r.status === 'mined')) return 'done'
  if (routes.some((r) => r.route === 'l1-inbox' && r.status === 'mined')) return 'submitted'
  if (routes.some((r) => r.status === 'pending')) return 'pending'
  return 'failed'
}
