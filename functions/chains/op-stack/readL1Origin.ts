import type { PublicClient } from 'viem'
import { readContract } from 'viem/actions'
import type { L1OriginRef } from '../../types.js'
import { l1BlockAbi, l1BlockAddress } from './abis.js'

/**
 * The L2's L1 origin from the L1Block predeploy at `latest`: two eth_calls that, started with the head reads,
 * go out in the same JSON-RPC batch (no extra request). An L2 without the predeploy answers "no data": an error.
 */
export async function readL1Origin(client: PublicClient): Promise<L1OriginRef> {
  const [number, timestamp] = await Promise.all([
    readContract(client, { address: l1BlockAddress, abi: l1BlockAbi, functionName: 'number', blockTag: 'latest' }),
    readContract(client, { address: l1BlockAddress, abi: l1BlockAbi, functionName: 'timestamp', blockTag: 'latest' }),
  ])
  return { number, timestamp: Number(timestamp) }
}
