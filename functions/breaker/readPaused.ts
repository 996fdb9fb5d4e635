import type { Address, PublicClient } from 'viem'
import { functionAbi } from './functionCall.js'

/** Reads the target's paused view (a `bool` getter). */
export async function readPaused(client: PublicClient, address: Address, view: string, blockNumber?: bigint): Promise<boolean> {
  const abi = functionAbi(view, 'view')
  return (await client.readContract({ address, abi: [abi], functionName: abi.name, ...(blockNumber !== undefined ? { blockNumber } : {}) })) as boolean
}
