import type { Address, PublicClient } from 'viem'
import { getCode } from 'viem/actions'

/** Multicall3 sits at the same address on almost every EVM chain, deployed with a keyless transaction. */
export const multicall3Address: Address = '0xcA11bde05977b3631167028862bE2a173976CA11'

/** Multicall3's address if the chain has it; undefined means plain batched calls (one probe, cached by the caller). */
export async function findMulticall3(client: PublicClient): Promise<Address | undefined> {
  const code = await getCode(client, { address: multicall3Address })
  return code && code !== '0x' ? multicall3Address : undefined
}
