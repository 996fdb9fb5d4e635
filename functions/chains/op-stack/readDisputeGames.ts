import { type Address, getAddress, type Hex, hexToBigInt, type PublicClient, size, slice } from 'viem'
import type { StateRootObservation } from '../../types.js'
import { type ContractRead, readContracts, unwrap } from '../../rpc/readContracts.js'
import { anchorStateRegistryAbi, disputeGameAbi, disputeGameFactoryAbi, gameStatus, optimismPortal2Abi } from './abis.js'
import type { OpStackContracts } from './discoverOpStackContracts.js'

type DisputeGameContracts = Extract<OpStackContracts, { kind: 'dispute-games' }>

/** How many of the newest respected games are inspected for overdue resolution and invalid roots. */
export const gameWindow = 100
/** A game may sit a while past its clock before someone calls resolve(); only then is it overdue. */
export const resolutionGraceSeconds = 3600

/** What one chain's reader remembers between ticks, so steady-state ticks stay at two L1 requests. */
export interface DisputeGameCache {
  /** Resolved games never change status again. */
  readonly resolved: Map<Address, number>
  /** Games past their clock and not yet seen resolved: polled in the same request as the game list. */
  due: Address[]
}

export const createDisputeGameCache = (): DisputeGameCache => ({ resolved: new Map(), due: [] })

export interface ReadDisputeGamesParameters {
  readonly contracts: DisputeGameContracts
  readonly multicallAddress?: Address
  readonly cache: DisputeGameCache
  /** Unix seconds; decides which games are past their clock. */
  readonly now: number
}

export interface DisputeGamesReading extends StateRootObservation {
  /** L2 block anchored as finalized by the AnchorStateRegistry (its timestamp is read on L2 by the caller). */
  readonly anchorL2Block?: bigint
}

interface GameSearchResult {
  index: bigint
  metadata: Hex
  timestamp: bigint
  rootClaim: Hex
  extraData: Hex
}

/** GameId packs gameType (32 bits) | timestamp (64 bits) | proxy (160 bits). */
const proxyOf = (metadata: Hex): Address => getAddress(slice(metadata, 12, 32))

const statusReads = (games: readonly Address[]): ContractRead[] =>
  games.map((address) => ({ address, abi: disputeGameAbi, functionName: 'status' }))

/**
 * Newest respected dispute game (its L1 creation time is "last root posted"), the anchor state, games overdue
 * for resolution and games lost by the proposer, in two L1 requests per tick (a third only when a game first
 * passes its clock on a cold cache).
 */
export async function readDisputeGames(
  client: PublicClient,
  { contracts, multicallAddress, cache, now }: ReadDisputeGamesParameters,
): Promise<DisputeGamesReading> {
  const { disputeGameFactory, optimismPortal, anchorStateRegistry } = contracts
  const first = await readContracts(client, {
    multicallAddress,
    contracts: [
      { address: disputeGameFactory, abi: disputeGameFactoryAbi, functionName: 'gameCount' },
      { address: optimismPortal, abi: optimismPortal2Abi, functionName: 'respectedGameType' },
      ...(anchorStateRegistry
        ? ([
            { address: anchorStateRegistry, abi: anchorStateRegistryAbi, functionName: 'getAnchorRoot' },
            { address: anchorStateRegistry, abi: anchorStateRegistryAbi, functionName: 'paused' },
          ] as const)
        : []),
    ],
  })
  const gameCount = unwrap<bigint>(first[0], 'DisputeGameFactory.gameCount()')
  const respectedGameType = Number(unwrap<number>(first[1], 'OptimismPortal.respectedGameType()'))
  const anchor = first[2]?.status === 'success' ? (first[2].result as readonly [Hex, bigint]) : undefined
  const paused = first[3]?.status === 'success' ? Boolean(first[3].result) : undefined
  const base = {
    source: 'dispute-games' as const,
    respectedGameType,
    ...(anchor ? { anchorL2Block: anchor[1], finalizedL2Block: anchor[1] } : {}),
    ...(paused !== undefined ? { paused } : {}),
  }
  if (gameCount === 0n) return { ...base, overdueGames: 0, challengerWins: 0 }

  const polled = cache.due
  const second = await readContracts(client, {
    multicallAddress,
    contracts: [
      {
        address: disputeGameFactory,
        abi: disputeGameFactoryAbi,
        functionName: 'findLatestGames',
        args: [respectedGameType, gameCount - 1n, BigInt(Math.min(gameWindow, Number(gameCount)))],
      },
      ...statusReads(polled),
    ],
  })
  const games = unwrap<readonly GameSearchResult[]>(second[0], 'DisputeGameFactory.findLatestGames()')
  const statuses = new Map<Address, number>()
  polled.forEach((address, i) => {
    const result = second[i + 1]
    if (result?.status === 'success') statuses.set(address, Number(result.result))
  })

  const clock = contracts.maxClockDuration ?? 0
  const dueGames = games.filter((game) => Number(game.timestamp) + clock <= now).map((game) => proxyOf(game.metadata))
  const unpolled = dueGames.filter((address) => !cache.resolved.has(address) && !statuses.has(address))
  if (unpolled.length > 0) {
    const third = await readContracts(client, { multicallAddress, contracts: statusReads(unpolled) })
    unpolled.forEach((address, i) => {
      const result = third[i]
      if (result?.status === 'success') statuses.set(address, Number(result.result))
    })
  }
  for (const [address, status] of statuses) if (status !== gameStatus.inProgress) cache.resolved.set(address, status)

  let overdueGames = 0
  let challengerWins = 0
  const stillDue: Address[] = []
  for (const game of games) {
    const address = proxyOf(game.metadata)
    const status = cache.resolved.get(address)
    if (status === gameStatus.challengerWins) challengerWins++
    if (status !== undefined || !dueGames.includes(address)) continue
    stillDue.push(address)
    if (Number(game.timestamp) + clock + resolutionGraceSeconds <= now) overdueGames++
  }
  cache.due = stillDue
  // Forget resolved games that slid out of the window.
  const inWindow = new Set(games.map((game) => proxyOf(game.metadata)))
  for (const address of cache.resolved.keys()) if (!inWindow.has(address)) cache.resolved.delete(address)

  const newest = games[0]
  return {
    ...base,
    overdueGames,
    challengerWins,
    ...(newest
      ? {
          lastPostedAt: Number(newest.timestamp),
          // Standard games encode the L2 block number as the first word of extraData.
          ...(size(newest.extraData) >= 32 ? { lastPostedL2Block: hexToBigInt(slice(newest.extraData, 0, 32)) } : {}),
        }
      : {}),
  }
}
