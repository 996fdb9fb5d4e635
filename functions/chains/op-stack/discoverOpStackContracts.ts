import { type Address, getAddress, type PublicClient, zeroAddress } from 'viem'
import type { OpStackChainConfig } from '../../config/schema.js'
import { WatchtowerError } from '../../errors/WatchtowerError.js'
import { type ContractRead, type ContractReadResult, readContracts } from '../../rpc/readContracts.js'
import {
  aggregateVerifierAbi,
  anchorStateRegistryAbi,
  disputeGameAbi,
  disputeGameFactoryAbi,
  optimismPortal2Abi,
  optimismPortalLegacyAbi,
  permissionedGameAbi,
  systemConfigAbi,
} from './abis.js'
import { type GameFamily, gameFamilyOf } from './gameFamilies.js'

export type OpStackContracts =
  | {
      readonly kind: 'dispute-games'
      readonly optimismPortal: Address
      readonly disputeGameFactory: Address
      readonly anchorStateRegistry?: Address
      /** Game type the portal respected at discovery; re-read every tick. */
      readonly respectedGameType: number
      /** The respected type's row in the proof-system registry; undefined for a type this watchtower does not know. */
      readonly family?: GameFamily
      /** DisputeGameFactory.gameImpls(respectedGameType); undefined when none is set (no game can be created). */
      readonly gameImplementation?: Address
      /** Clock families: from the respected game implementation; a game past it should resolve soon. */
      readonly maxClockDuration?: number
      /** AggregateVerifier: the earliest a game can end after creation (two proofs). */
      readonly fastFinalizationDelay?: number
      /** AggregateVerifier: a game with one proof ends this long after it. */
      readonly slowFinalizationDelay?: number
      /** Game end + AnchorStateRegistry finality delay: how old a finalized anchor normally is. */
      readonly finalityPeriodSeconds?: number
      /** SystemConfig.batcherHash's address (operator-balance). */
      readonly batcher?: Address
      /** A permissioned respected type's implementation proposer() (operator-balance). */
      readonly proposer?: Address
    }
  | { readonly kind: 'l2-output-oracle'; readonly l2OutputOracle: Address; readonly batcher?: Address }

export type DisputeGameContracts = Extract<OpStackContracts, { kind: 'dispute-games' }>

export interface DiscoverOpStackContractsParameters {
  readonly contracts: OpStackChainConfig['contracts']
  readonly multicallAddress?: Address
}

const present = (value: unknown): Address | undefined =>
  typeof value === 'string' && value !== zeroAddress ? (value as Address) : undefined

const success = <T>(result: { status: string; result?: unknown } | undefined): T | undefined =>
  result?.status === 'success' ? (result.result as T) : undefined

/**
 * Finds the L1 contracts from SystemConfig (configured overrides win): DisputeGameFactory and OptimismPortal,
 * the respected game type, its family's reading rules and AnchorStateRegistry; or the legacy L2OutputOracle for
 * chains without fault proofs. Runs once per container, then again now and then (contracts get upgraded).
 */
export async function discoverOpStackContracts(
  client: PublicClient,
  { contracts, multicallAddress }: DiscoverOpStackContractsParameters,
): Promise<OpStackContracts> {
  let { optimismPortal, disputeGameFactory, anchorStateRegistry, l2OutputOracle } = contracts
  let batcher: Address | undefined

  if (contracts.systemConfig && !(optimismPortal && disputeGameFactory)) {
    const address = contracts.systemConfig
    const [factory, portal, oracle, batcherHash] = await readContracts(client, {
      multicallAddress,
      contracts: [
        { address, abi: systemConfigAbi, functionName: 'disputeGameFactory' },
        { address, abi: systemConfigAbi, functionName: 'optimismPortal' },
        // Gone since SystemConfig 2.0.0: a revert here is normal.
        { address, abi: systemConfigAbi, functionName: 'l2OutputOracle' },
        { address, abi: systemConfigAbi, functionName: 'batcherHash' },
      ],
    })
    batcher = batcherFrom(success(batcherHash))
    if (factory?.status === 'failure' && portal?.status === 'failure' && oracle?.status === 'failure')
      throw new WatchtowerError('SystemConfig did not answer', { details: `no contract at ${address}?`, cause: factory.error })
    disputeGameFactory ??= present(success(factory))
    optimismPortal ??= present(success(portal))
    l2OutputOracle ??= present(success(oracle))
  }

  if (!disputeGameFactory && !l2OutputOracle && optimismPortal) {
    // A pre-fault-proof portal (1.x) names its oracle even where SystemConfig no longer does.
    const [oracle] = await readContracts(client, {
      multicallAddress,
      contracts: [{ address: optimismPortal, abi: optimismPortalLegacyAbi, functionName: 'l2Oracle' }],
    })
    l2OutputOracle = present(success(oracle))
  }

  if (!disputeGameFactory || !optimismPortal) {
    if (l2OutputOracle) return { kind: 'l2-output-oracle', l2OutputOracle, ...(batcher ? { batcher } : {}) }
    throw new WatchtowerError('cannot find the DisputeGameFactory and OptimismPortal, nor an L2OutputOracle', {
      details:
        'SystemConfig ≥ 2.0 has no l2OutputOracle(): for a chain still on L2OutputOracle set contracts.l2OutputOracle; ' +
        'otherwise set contracts.systemConfig, or contracts.disputeGameFactory + contracts.optimismPortal',
    })
  }

  const [gameType, portalRegistry] = await readContracts(client, {
    multicallAddress,
    contracts: [
      { address: optimismPortal, abi: optimismPortal2Abi, functionName: 'respectedGameType' },
      // Portal ≥ 4.x; a 2.x game implementation's own anchorStateRegistry() is a clone argument (zero on the bare implementation).
      { address: optimismPortal, abi: optimismPortal2Abi, functionName: 'anchorStateRegistry' },
    ],
  })
  if (gameType?.status !== 'success')
    throw new WatchtowerError('OptimismPortal has no respectedGameType()', {
      details: `${optimismPortal} is not an OptimismPortal2 (fault proofs)`,
      cause: gameType?.error,
    })
  const respectedGameType = Number(gameType.result)
  anchorStateRegistry ??= present(success(portalRegistry))
  const family = gameFamilyOf(respectedGameType)

  const [implementation] = await readContracts(client, {
    multicallAddress,
    contracts: [{ address: disputeGameFactory, abi: disputeGameFactoryAbi, functionName: 'gameImpls', args: [respectedGameType] }],
  })
  const gameImplementation = present(success(implementation))
  // Which implementation values to read depends on the family's row: its clock, or the AggregateVerifier delays.
  const reads: Record<string, ContractRead> = {}
  if (gameImplementation && family?.end === 'max-clock-duration')
    reads.end = { address: gameImplementation, abi: disputeGameAbi, functionName: 'maxClockDuration' }
  if (gameImplementation && family?.end === 'expected-resolution') {
    reads.end = { address: gameImplementation, abi: aggregateVerifierAbi, functionName: 'SLOW_FINALIZATION_DELAY' }
    reads.fast = { address: gameImplementation, abi: aggregateVerifierAbi, functionName: 'FAST_FINALIZATION_DELAY' }
  }
  if (gameImplementation && family?.permissioned.includes(respectedGameType))
    reads.proposer = { address: gameImplementation, abi: permissionedGameAbi, functionName: 'proposer' }
  // Portal and factory configured: SystemConfig was not read above, but still names the batcher.
  if (contracts.systemConfig && !batcher) reads.batcher = { address: contracts.systemConfig, abi: systemConfigAbi, functionName: 'batcherHash' }
  // Older (1.x) implementations hold the registry themselves; a zero answer is ignored.
  if (gameImplementation && !anchorStateRegistry)
    reads.registry = { address: gameImplementation, abi: disputeGameAbi, functionName: 'anchorStateRegistry' }
  const delayRead = (registry: Address): ContractRead => ({ address: registry, abi: anchorStateRegistryAbi, functionName: 'disputeGameFinalityDelaySeconds' })
  if (anchorStateRegistry) reads.delay = delayRead(anchorStateRegistry)
  const named = await readNamed(client, reads, multicallAddress)
  const endSeconds = success<bigint | number>(named.end)
  const fastSeconds = success<bigint | number>(named.fast)
  anchorStateRegistry ??= present(success(named.registry))
  // A registry learnt from the implementation: its delay takes one more read.
  const delay = named.delay ?? (anchorStateRegistry ? (await readNamed(client, { delay: delayRead(anchorStateRegistry) }, multicallAddress)).delay : undefined)
  const finalityDelay = success<bigint>(delay)
  const finalityPeriodSeconds = endSeconds !== undefined ? Number(endSeconds) + Number(finalityDelay ?? 0n) : undefined
  batcher ??= batcherFrom(success(named.batcher))
  const proposer = present(success(named.proposer))

  return {
    kind: 'dispute-games',
    optimismPortal,
    disputeGameFactory,
    respectedGameType,
    ...(family ? { family } : {}),
    ...(gameImplementation ? { gameImplementation } : {}),
    ...(anchorStateRegistry ? { anchorStateRegistry } : {}),
    ...(endSeconds !== undefined && family?.end === 'max-clock-duration' ? { maxClockDuration: Number(endSeconds) } : {}),
    ...(endSeconds !== undefined && family?.end === 'expected-resolution' ? { slowFinalizationDelay: Number(endSeconds) } : {}),
    ...(fastSeconds !== undefined ? { fastFinalizationDelay: Number(fastSeconds) } : {}),
    ...(finalityPeriodSeconds ? { finalityPeriodSeconds } : {}),
    ...(batcher ? { batcher } : {}),
    ...(proposer ? { proposer } : {}),
  }
}

/** The batcher is the low 20 bytes of SystemConfig.batcherHash (a version byte may come to sit in the high ones). */
const batcherFrom = (hash: unknown): Address | undefined => (typeof hash === 'string' && hash.length === 66 ? present(getAddress(`0x${hash.slice(26)}`)) : undefined)

/** readContracts with results by name (one request; none when there is nothing to read). */
async function readNamed(client: PublicClient, reads: Record<string, ContractRead>, multicallAddress: Address | undefined): Promise<Record<string, ContractReadResult | undefined>> {
  const names = Object.keys(reads)
  const results = await readContracts(client, { multicallAddress, contracts: names.map((name) => reads[name]!) })
  return Object.fromEntries(names.map((name, i) => [name, results[i]]))
}
