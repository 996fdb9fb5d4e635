import type { Address, PublicClient } from 'viem'
import type { StateRootObservation } from '../../types.js'
import { isRevert } from '../../rpc/isRevert.js'
import { readContracts, unwrap } from '../../rpc/readContracts.js'
import { l2OutputOracleAbi } from './abis.js'

export interface LegacyOutputCache {
  latest?: { index: bigint; timestamp: number; l2BlockNumber: bigint }
}

export interface ReadLegacyOutputsParameters {
  readonly l2OutputOracle: Address
  readonly multicallAddress?: Address
  readonly cache: LegacyOutputCache
}

/** Pre-fault-proof chains: the newest output in L2OutputOracle (one L1 request while no new output lands). */
export async function readLegacyOutputs(
  client: PublicClient,
  { l2OutputOracle, multicallAddress, cache }: ReadLegacyOutputsParameters,
): Promise<StateRootObservation> {
  const [indexResult] = await readContracts(client, {
    multicallAddress,
    contracts: [{ address: l2OutputOracle, abi: l2OutputOracleAbi, functionName: 'latestOutputIndex' }],
  })
  const empty = { source: 'l2-output-oracle' as const, overdueGames: 0, challengerWins: 0 }
  // latestOutputIndex() reverts (underflow) before the first proposal.
  if (indexResult?.status === 'failure' && isRevert(indexResult.error)) return empty
  const index = unwrap<bigint>(indexResult, 'L2OutputOracle.latestOutputIndex()')
  if (cache.latest?.index !== index) {
    const [outputResult] = await readContracts(client, {
      multicallAddress,
      contracts: [{ address: l2OutputOracle, abi: l2OutputOracleAbi, functionName: 'getL2Output', args: [index] }],
    })
    const output = unwrap<{ timestamp: bigint; l2BlockNumber: bigint }>(outputResult, 'L2OutputOracle.getL2Output()')
    cache.latest = { index, timestamp: Number(output.timestamp), l2BlockNumber: output.l2BlockNumber }
  }
  return { ...empty, lastPostedAt: cache.latest.timestamp, lastPostedL2Block: cache.latest.l2BlockNumber }
}
