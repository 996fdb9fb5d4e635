import type { Address, PublicClient } from 'viem'
import { readContract } from 'viem/actions'
import { l2MessageServiceAbi } from './abis.js'

/**
 * The number of the last L1→L2 message the coordinator anchored on the L2 (`L2MessageService.lastAnchoredL1MessageNumber()`
 * at `latest`). Started with the head reads, it goes out in the same JSON-RPC batch.
 */
export function readLastAnchoredL1Message(client: PublicClient, l2MessageService: Address): Promise<bigint> {
  return readContract(client, { address: l2MessageService, abi: l2MessageServiceAbi, functionName: 'lastAnchoredL1MessageNumber', blockTag: 'latest' })
}
