import type { Address, PublicClient } from 'viem'
import type { CallPlan } from './executeCall.js'
import { systemConfigPortalAbi } from './inboxAbis.js'

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
