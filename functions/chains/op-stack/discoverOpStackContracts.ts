import { type Address, type PublicClient, zeroAddress } from 'viem'
import type { OpStackChainConfig } from '../../config/schema.js'
import { WatchtowerError } from '../../errors/WatchtowerError.js'
import { readContracts } from '../../rpc/readContracts.js'
import { anchorStateRegistryAbi, disputeGameAbi, disputeGameFactoryAbi, optimismPortal2Abi, systemConfigAbi } from './abis.js'

export type OpStackContracts =
  | {
      readonly kind: 'dispute-games'
      readonly optimismPortal: Address
      readonly disputeGameFactory: Address
      readonly anchorStateRegistry?: Address
      /** Game type the portal respected at discovery; re-read every tick. */
      readonly respectedGameType: number
      /** From the respected game implementation; a game past it should resolve soon. */
      readonly maxClockDuration?: number
      /** Game clock + AnchorStateRegistry finality delay: how old a finalized anchor normally is. */
      readonly finalityPeriodSeconds?: number
    }
  | { readonly kind: 'l2-output-oracle'; readonly l2OutputOracle: Address }

export interface DiscoverOpStackContractsParameters {
  readonly contracts: OpStackChainConfig['contracts']
  readonly multicallAddress?: Address
}

const present = (value: unknown): Address | undefined =>
  typeof value === 'string' && value !== zeroAddress ? (value as Address) : undefined

/**
 * Finds the L1 contracts from SystemConfig (configured overrides win): DisputeGameFactory and OptimismPortal,
 * the respected game type, its implementation's clock and AnchorStateRegistry; or the legacy L2OutputOracle
 * for chains without fault proofs. Runs once per container, then again now and then (contracts get upgraded).
 */
export async function discoverOpStackContracts(
  client: PublicClient,
  { contracts, multicallAddress }: DiscoverOpStackContractsParameters,
): Promise<OpStackContracts> {
  let { optimismPortal, disputeGameFactory, anchorStateRegistry, l2OutputOracle } = contracts

  if (contracts.systemConfig && !(optimismPortal && disputeGameFactory)) {
    const address = contracts.systemConfig
    const [factory, portal, oracle] = await readContracts(client, {
      multicallAddress,
      contracts: [
        { address, abi: systemConfigAbi, functionName: 'disputeGameFactory' },
        { address, abi: systemConfigAbi, functionName: 'optimismPortal' },
        { address, abi: systemConfigAbi, functionName: 'l2OutputOracle' },
      ],
    })
    if (factory?.status === 'failure' && portal?.status === 'failure' && oracle?.status === 'failure')
      throw new WatchtowerError('SystemConfig did not answer', { details: `no contract at ${address}?`, cause: factory.error })
    disputeGameFactory ??= factory?.status === 'success' ? present(factory.result) : undefined
    optimismPortal ??= portal?.status === 'success' ? present(portal.result) : undefined
    l2OutputOracle ??= oracle?.status === 'success' ? present(oracle.result) : undefined
  }

  if (!disputeGameFactory || !optimismPortal) {
    if (l2OutputOracle) return { kind: 'l2-output-oracle', l2OutputOracle }
    throw new WatchtowerError('cannot find the DisputeGameFactory and OptimismPortal, nor an L2OutputOracle', {
      details: 'set contracts.systemConfig, or contracts.disputeGameFactory + contracts.optimismPortal',
    })
  }

  const [gameType, portalRegistry] = await readContracts(client, {
    multicallAddress,
    contracts: [
      { address: optimismPortal, abi: optimismPortal2Abi, functionName: 'respectedGameType' },
      // Only newer portals expose it; older ones are found through the game implementation below.
      { address: optimismPortal, abi: optimismPortal2Abi, functionName: 'anchorStateRegistry' },
    ],
  })
  if (gameType?.status !== 'success')
    throw new WatchtowerError('OptimismPortal has no respectedGameType()', {
      details: `${optimismPortal} is not an OptimismPortal2 (fault proofs)`,
      cause: gameType?.error,
    })
  const respectedGameType = Number(gameType.result)
  anchorStateRegistry ??= portalRegistry?.status === 'success' ? present(portalRegistry.result) : undefined

  const [implementation] = await readContracts(client, {
    multicallAddress,
    contracts: [{ address: disputeGameFactory, abi: disputeGameFactoryAbi, functionName: 'gameImpls', args: [respectedGameType] }],
  })
  const gameImpl = implementation?.status === 'success' ? present(implementation.result) : undefined
  let maxClockDuration: number | undefined
  if (gameImpl) {
    const [clock, registry] = await readContracts(client, {
      multicallAddress,
      contracts: [
        { address: gameImpl, abi: disputeGameAbi, functionName: 'maxClockDuration' },
        { address: gameImpl, abi: disputeGameAbi, functionName: 'anchorStateRegistry' },
      ],
    })
    if (clock?.status === 'success') maxClockDuration = Number(clock.result)
    anchorStateRegistry ??= registry?.status === 'success' ? present(registry.result) : undefined
  }

  let finalityDelay: number | undefined
  if (anchorStateRegistry) {
    const [delay] = await readContracts(client, {
      multicallAddress,
      contracts: [{ address: anchorStateRegistry, abi: anchorStateRegistryAbi, functionName: 'disputeGameFinalityDelaySeconds' }],
    })
    if (delay?.status === 'success') finalityDelay = Number(delay.result)
  }
  const finalityPeriodSeconds = maxClockDuration !== undefined ? maxClockDuration + (finalityDelay ?? 0) : undefined

  return {
    kind: 'dispute-games',
    ...(finalityPeriodSeconds ? { finalityPeriodSeconds } : {}),
    optimismPortal,
    disputeGameFactory,
    respectedGameType,
    ...(anchorStateRegistry ? { anchorStateRegistry } : {}),
    ...(maxClockDuration !== undefined ? { maxClockDuration } : {}),
  }
}
