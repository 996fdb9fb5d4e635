import { type Address, concat, encodeFunctionData, formatEther, type Hex, type LocalAccount, parseEther, type PublicClient } from 'viem'
import { describeError } from '../rpc/describeError.js'
import type { CallPlan } from './executeCall.js'
import { readPaused, resolveInbox } from './executeCall.js'
import type { Endpoint, EndpointClients } from './endpoints.js'
import { ARBITRUM_SIGNED_TX_KIND, arbitrumInboxAbi, DEFAULT_INBOX_L2_GAS, optimismPortalAbi } from './inboxAbis.js'
import { describeSendError, SimulationRevertedError, simulateCall } from './sendTransaction.js'
import type { BreakerSigner } from './signer.js'
import type { ReadinessProblem, ReadinessReport } from './types.js'

export interface CheckReadinessParameters {
  readonly action: string
  readonly plan: CallPlan
  readonly signer: BreakerSigner
  readonly clients: EndpointClients
  /** Ether. */
  readonly minBalance: string
  readonly now: number
}

/**
 * Would a pause work right now? Reaches the signer (KMS GetPublicKey), and on every chain the action sends on:
 * the RPC, the signer's balance against the floor, and a simulation of the very call from the signer address
 * (eth_estimateGas; reverts decoded and named, e.g. AccessControlUnauthorizedAccount(signer, PAUSER_ROLE)).
 * On the L1 path it also finds the portal/inbox and simulates the deposit / sendL2Message.
 */
export async function checkReadiness({ action, plan, signer, clients, minBalance, now }: CheckReadinessParameters): Promise<ReadinessReport> {
  const problems: ReadinessProblem[] = []
  const notes: string[] = []
  let account: LocalAccount
  try {
    account = await signer.account()
  } catch (error) {
    problems.push({ what: signer.kind === 'kms' ? 'kms' : 'signer', message: describeSendError(error) })
    return { action, checkedAt: now, ready: false, problems, notes }
  }
  const floor = parseEther(minBalance)
  const viaL1 = plan.route !== 'direct'

  const reach = async (endpoint: Endpoint): Promise<PublicClient | undefined> => {
    const client = clients.client(endpoint)
    try {
      const chainId = await clients.chainId(endpoint)
      signer.assertAllowedOn(chainId, endpoint.label)
    } catch (error) {
      problems.push({ what: `rpc ${endpoint.label}`, message: describeSendError(error) })
      return undefined
    }
    try {
      const balance = await client.getBalance({ address: account.address })
      if (balance < floor)
        problems.push({ what: `balance ${endpoint.label}`, message: `signer ${account.address} holds ${formatEther(balance)}, below the floor of ${minBalance}` })
      else notes.push(`balance on ${endpoint.label}: ${formatEther(balance)}`)
    } catch (error) {
      problems.push({ what: `balance ${endpoint.label}`, message: describeError(error) })
    }
    return client
  }

  // The call on the target chain (for l1-inbox this is what the L2 will execute, from the same address).
  const target = await reach(plan.target)
  if (target) {
    let paused: boolean | undefined
    if (plan.pausedView) {
      try {
        paused = await readPaused(target, plan.call.to, plan.pausedView)
        if (paused) notes.push(`target ${plan.call.to} is paused now: ${plan.what} not simulated`)
      } catch (error) {
        problems.push({ what: `read ${plan.pausedView}`, message: describeError(error) })
      }
    }
    if (!paused) {
      try {
        await simulateCall(target, account.address, plan.call, `${plan.what} from ${account.address}`)
      } catch (error) {
        problems.push({
          what: `simulate ${plan.target.label}`,
          message: error instanceof SimulationRevertedError ? error.shortMessage : describeError(error),
        })
      }
    }
  }

  if (viaL1) {
    if (!plan.l1) problems.push({ what: 'l1-inbox', message: `chain ${plan.watched.name} has no l1Rpc` })
    else {
      const l1 = await reach(plan.l1)
      if (l1) {
        try {
          const inbox = await resolveInbox(plan, l1)
          const call = l1CallFor(plan, inbox)
          await simulateCall(l1, account.address, call, `${plan.watched.stack === 'arbitrum' ? 'Inbox.sendL2Message' : 'OptimismPortal.depositTransaction'} on ${plan.l1.label}`)
        } catch (error) {
          problems.push({ what: `simulate ${plan.l1.label}`, message: error instanceof SimulationRevertedError ? error.shortMessage : describeSendError(error) })
        }
      }
    }
  }

  return { action, checkedAt: now, ready: problems.length === 0, signer: account.address, problems, notes }
}

/** The L1 call of the inbox route, with a placeholder signed message for Arbitrum (the inbox does not parse it). */
function l1CallFor(plan: CallPlan, inbox: Address): { to: Address; data: Hex } {
  if (plan.watched.stack === 'arbitrum') {
    const placeholder = `0x${'00'.repeat(130)}` as Hex
    return { to: inbox, data: encodeFunctionData({ abi: arbitrumInboxAbi, functionName: 'sendL2Message', args: [concat([ARBITRUM_SIGNED_TX_KIND, placeholder])] }) }
  }
  const gas = plan.gasLimit !== undefined ? BigInt(plan.gasLimit) : DEFAULT_INBOX_L2_GAS
  return {
    to: inbox,
    data: encodeFunctionData({ abi: optimismPortalAbi, functionName: 'depositTransaction', args: [plan.call.to, 0n, gas, false, plan.call.data] }),
  }
}
