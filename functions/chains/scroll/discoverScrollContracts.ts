import { type Address, type PublicClient, zeroAddress } from 'viem'
import type { ScrollChainConfig } from '../../config/schema.js'
import { isRevert } from '../../rpc/isRevert.js'
import { readContracts } from '../../rpc/readContracts.js'
import { scrollChainAbi } from './abis.js'
import { ScrollChainError } from './ScrollChainError.js'

export interface ScrollContracts {
  readonly scrollChain: Address
  /** SystemConfig holding `enforcedBatchParameters()`; undefined where neither configured nor exposed by ScrollChain. */
  readonly systemConfig?: Address
  /** L1MessageQueueV2: its oldest unfinalized message is the second way into enforced mode. */
  readonly messageQueueV2?: Address
}

export interface DiscoverScrollContractsParameters {
  readonly contracts: ScrollChainConfig['contracts']
  readonly multicallAddress?: Address
}

const present = (value: unknown): Address | undefined =>
  typeof value === 'string' && value !== zeroAddress ? (value as Address) : undefined

/**
 * Finds SystemConfig and L1MessageQueueV2 through ScrollChain's getters (`systemConfig()`, `messageQueueV2()`,
 * both since EuclidV2); a configured systemConfig wins. Older ScrollChains lack the getters: then the
 * enforced-mode countdown needs contracts.systemConfig.
 */
export async function discoverScrollContracts(
  client: PublicClient,
  { contracts, multicallAddress }: DiscoverScrollContractsParameters,
): Promise<ScrollContracts> {
  const { scrollChain } = contracts
  const [systemConfig, messageQueueV2, miscData] = await readContracts(client, {
    multicallAddress,
    contracts: [
      { address: scrollChain, abi: scrollChainAbi, functionName: 'systemConfig' },
      { address: scrollChain, abi: scrollChainAbi, functionName: 'messageQueueV2' },
      { address: scrollChain, abi: scrollChainAbi, functionName: 'miscData' },
    ],
  })
  // Without Multicall3 every call fails on its own: an unreachable RPC is not "no ScrollChain here".
  if (miscData?.status === 'failure' && !isRevert(miscData.error)) throw miscData.error
  if (miscData?.status !== 'success')
    throw new ScrollChainError('ScrollChain has no miscData()', {
      details: `no ScrollChain (EuclidV2 or later) at ${scrollChain}?`,
      cause: miscData?.error,
    })
  const discoveredSystemConfig = systemConfig?.status === 'success' ? present(systemConfig.result) : undefined
  const queue = messageQueueV2?.status === 'success' ? present(messageQueueV2.result) : undefined
  const resolvedSystemConfig = contracts.systemConfig ?? discoveredSystemConfig
  return {
    scrollChain,
    ...(resolvedSystemConfig ? { systemConfig: resolvedSystemConfig } : {}),
    ...(queue ? { messageQueueV2: queue } : {}),
  }
}
