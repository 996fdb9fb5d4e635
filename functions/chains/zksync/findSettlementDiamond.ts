import { type Address, type PublicClient, zeroAddress } from 'viem'
import { readContract } from 'viem/actions'
import { bridgehubAbi, l2BridgehubAddress } from './abis.js'
import { ZksyncError } from './ZksyncError.js'

export interface FindSettlementDiamondParameters {
  /** The ZK chain's own chain id (Era: 324), as its L2 RPC reports it. */
  readonly chainId: number
}

/**
 * The chain's diamond on its settlement layer (ZK Gateway): the settlement layer's Bridgehub system contract
 * (0x…10002) maps chain ids to diamonds with `getZKChain(chainId)`. Zero there means the chain has not (or no
 * longer) migrated to that layer.
 */
export async function findSettlementDiamond(client: PublicClient, { chainId }: FindSettlementDiamondParameters): Promise<Address> {
  let diamond: Address
  try {
    diamond = await readContract(client, { address: l2BridgehubAddress, abi: bridgehubAbi, functionName: 'getZKChain', args: [BigInt(chainId)] })
  } catch (cause) {
    throw new ZksyncError('cannot ask the settlement layer for the chain diamond', {
      details: `Bridgehub ${l2BridgehubAddress}.getZKChain(${chainId}) failed on settlementRpc`,
      cause,
    })
  }
  if (diamond === zeroAddress)
    throw new ZksyncError(`the settlement layer knows no chain ${chainId}`, {
      details: `Bridgehub ${l2BridgehubAddress}.getZKChain(${chainId}) is zero: is settlementRpc the layer getSettlementLayer() names?`,
    })
  return diamond
}
