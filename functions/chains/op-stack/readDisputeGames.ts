import { type Address, type Hex, hexToBigInt, hexToNumber, type PublicClient, size, slice } from 'viem'
import type { StateRootObservation } from '../../types.js'
import { type ContractRead, type ContractReadResult, readContracts, unwrap } from '../../rpc/readContracts.js'
import { aggregateVerifierAbi, anchorStateRegistryAbi, disputeGameAbi, disputeGameFactoryAbi, gameStatus, optimismPortal2Abi } from './abis.js'
import type { DisputeGameContracts } from './discoverOpStackContracts.js'
import { type GameFamily, gameFamilyOf } from './gameFamilies.js'
import { createGameScan, type GameScan, type KnownGame, scanRespectedGames } from './scanRespectedGames.js'

/** How many of the newest respected games are inspected for overdue resolution and invalid roots. */
export const gameWindow = 100
/** A game may sit a while past its end before someone calls resolve(); only then is it overdue. */
export const resolutionGraceSeconds = 3600

/** What one chain's reader remembers between ticks, so a steady tick is one L1 request. */
export interface DisputeGameCache {
  readonly scan: GameScan
  /** Resolved games never change status again. */
  readonly resolved: Map<Address, number>
  /** AggregateVerifier games: the expectedResolution() last read (it moves as proofs arrive). */
  readonly expectedResolution: Map<Address, number>
}

export const createDisputeGameCache = (): DisputeGameCache => ({ scan: createGameScan(), resolved: new Map(), expectedResolution: new Map() })

export interface ReadDisputeGamesParameters {
  readonly contracts: DisputeGameContracts
  readonly multicallAddress?: Address
  readonly cache: DisputeGameCache
  /** Unix seconds; decides which games may be over. */
  readonly now: number
  /** Other reads that ride at the end of the first Multicall3 request (operator balances); results in `extraResults`. */
  readonly extraReads?: readonly ContractRead[]
}

export interface DisputeGamesReading extends StateRootObservation {
  /** L2 block anchored as finalized (block-numbered families only; its timestamp is read on L2 by the caller). */
  readonly anchorL2Block?: bigint
  /** AnchorStateRegistry.retirementTimestamp(): games created before it are not proper. */
  readonly retirementTimestamp?: number
  /** Results of `extraReads`, in order. */
  readonly extraResults?: readonly ContractReadResult[]
}

/** The earliest a game of the family can be over: its clock, or (AggregateVerifier) the fast delay. */
function earliestEnd(game: KnownGame, family: GameFamily | undefined, contracts: DisputeGameContracts): number | undefined {
  if (family?.end === 'max-clock-duration' && contracts.maxClockDuration !== undefined) return game.createdAt + contracts.maxClockDuration
  if (family?.end === 'expected-resolution' && contracts.fastFinalizationDelay !== undefined) return game.createdAt + contracts.fastFinalizationDelay
  return undefined // unknown family: its games' end is not known, so none is ever called overdue
}

/** Not seen resolved, and past the earliest moment its family lets it be over. */
const isDue = (game: KnownGame, contracts: DisputeGameContracts, cache: DisputeGameCache, now: number): boolean =>
  !cache.resolved.has(game.proxy) && (earliestEnd(game, contracts.family, contracts) ?? Infinity) <= now

const readsPerGame = (family: GameFamily | undefined): number => (family?.end === 'expected-resolution' ? 2 : 1)

/** Per-game reads for a game that may be over: status, plus expectedResolution() where the family has it. */
const gameReads = (proxy: Address, family: GameFamily | undefined): ContractRead[] => [
  { address: proxy, abi: disputeGameAbi, functionName: 'status' },
  ...(family?.end === 'expected-resolution' ? [{ address: proxy, abi: aggregateVerifierAbi, functionName: 'expectedResolution' } as const] : []),
]

/** The L2 field of a game's extraData: the first word (block number), or a super-root proof's uint64 timestamp after its version byte. */
function l2FieldOf(extraData: Hex, family: GameFamily): { lastPostedL2Block: bigint } | { lastPostedL2Timestamp: number } | object {
  if (family.sequence === 'l2-timestamp') return size(extraData) >= 9 ? { lastPostedL2Timestamp: hexToNumber(slice(extraData, 1, 9)) } : {}
  return size(extraData) >= 32 ? { lastPostedL2Block: hexToBigInt(slice(extraData, 0, 32)) } : {}
}

/**
 * Newest respected dispute game (its L1 creation time is "last root posted"), the anchor state, games overdue
 * for resolution and games lost by the proposer, read by the rules of the respected type's family. Steady state
 * is one L1 request; new games cost one or two more.
 */
export async function readDisputeGames(
  client: PublicClient,
  { contracts, multicallAddress, cache, now, extraReads = [] }: ReadDisputeGamesParameters,
): Promise<DisputeGamesReading> {
  const { disputeGameFactory, optimismPortal, anchorStateRegistry, family } = contracts
  const polled = cache.scan.games.filter((game) => isDue(game, contracts, cache, now))
  const perGame = readsPerGame(family)
  // The index the next game will get, read speculatively: a tick in which one game lands then needs no page read.
  const nextIndex = cache.scan.gameType === contracts.respectedGameType ? cache.scan.newestScanned : undefined
  const first = await readContracts(client, {
    multicallAddress,
    contracts: [
      { address: disputeGameFactory, abi: disputeGameFactoryAbi, functionName: 'gameCount' },
      { address: optimismPortal, abi: optimismPortal2Abi, functionName: 'respectedGameType' },
      ...(anchorStateRegistry
        ? ([
            { address: anchorStateRegistry, abi: anchorStateRegistryAbi, functionName: 'getAnchorRoot' },
            { address: anchorStateRegistry, abi: anchorStateRegistryAbi, functionName: 'paused' },
            { address: anchorStateRegistry, abi: anchorStateRegistryAbi, functionName: 'retirementTimestamp' },
          ] as const)
        : []),
      ...polled.flatMap((game) => gameReads(game.proxy, family)),
      ...(nextIndex !== undefined ? [{ address: disputeGameFactory, abi: disputeGameFactoryAbi, functionName: 'gameAtIndex', args: [nextIndex] } as const] : []),
      ...extraReads,
    ],
  })
  const extraResults = first.splice(first.length - extraReads.length, extraReads.length)
  const next = nextIndex !== undefined ? first[(anchorStateRegistry ? 5 : 2) + polled.length * perGame] : undefined
  const prefetched = nextIndex !== undefined && next?.status === 'success' ? { index: nextIndex, result: next } : undefined
  const gameCount = unwrap<bigint>(first[0], 'DisputeGameFactory.gameCount()')
  const respectedGameType = Number(unwrap<number>(first[1], 'OptimismPortal.respectedGameType()'))
  const fixed = anchorStateRegistry ? 5 : 2
  const anchor = first[2]?.status === 'success' && anchorStateRegistry ? (first[2].result as readonly [Hex, bigint]) : undefined
  const paused = anchorStateRegistry && first[3]?.status === 'success' ? Boolean(first[3].result) : undefined
  const retirement = anchorStateRegistry && first[4]?.status === 'success' ? Number(first[4].result) : undefined
  recordGameReads(cache, polled, first.slice(fixed, fixed + polled.length * perGame), perGame)

  // The portal switched type since discovery: read the new type's games by its family's row, but judge no game
  // overdue until the caller has re-discovered its clock.
  const rules: DisputeGameContracts =
    respectedGameType === contracts.respectedGameType
      ? contracts
      : { ...contracts, respectedGameType, family: gameFamilyOf(respectedGameType), maxClockDuration: undefined, fastFinalizationDelay: undefined }
  const judged = await judgeGames(client, { contracts: rules, multicallAddress, cache, now }, { gameCount, anchor, paused, retirement, polled, ...(prefetched ? { prefetched } : {}) })
  return extraReads.length > 0 ? { ...judged, extraResults } : judged
}

interface FirstRead {
  readonly gameCount: bigint
  readonly anchor?: readonly [Hex, bigint]
  readonly paused?: boolean
  readonly retirement?: number
  /** Games whose status (and expectedResolution) came with the first request. */
  readonly polled: readonly KnownGame[]
  /** gameAtIndex of the next index, read with the first request. */
  readonly prefetched?: { readonly index: bigint; readonly result: ContractReadResult }
}

async function judgeGames(
  client: PublicClient,
  { contracts, multicallAddress, cache, now }: ReadDisputeGamesParameters,
  { gameCount, anchor, paused, retirement, polled, prefetched }: FirstRead,
): Promise<DisputeGamesReading> {
  const { disputeGameFactory, respectedGameType, family } = contracts
  const due = (game: KnownGame) => isDue(game, contracts, cache, now)
  const perGame = readsPerGame(family)
  const base = {
    source: 'dispute-games' as const,
    respectedGameType,
    ...anchorFields(anchor, family),
    ...(paused !== undefined ? { paused } : {}),
    ...(retirement !== undefined ? { retirementTimestamp: retirement } : {}),
  }
  if (gameCount === 0n) return { ...base, overdueGames: 0, challengerWins: 0 }

  await scanRespectedGames(client, { disputeGameFactory, multicallAddress, gameType: respectedGameType, gameCount, window: gameWindow, scan: cache.scan, ...(prefetched ? { prefetched } : {}) })
  const games = cache.scan.games
  // Games that became due on a cold cache (or were just found) are polled once more this tick.
  const unpolled = games.filter((game) => due(game) && !polled.includes(game))
  if (unpolled.length > 0) {
    const late = await readContracts(client, { multicallAddress, contracts: unpolled.flatMap((game) => gameReads(game.proxy, family)) })
    recordGameReads(cache, unpolled, late, perGame)
  }

  let overdueGames = 0
  let challengerWins = 0
  for (const game of games) {
    const status = cache.resolved.get(game.proxy)
    if (status === gameStatus.challengerWins) challengerWins++
    if (status !== undefined || !due(game)) continue
    const end = family?.end === 'expected-resolution' ? cache.expectedResolution.get(game.proxy) : earliestEnd(game, family, contracts)
    if (end !== undefined && end + resolutionGraceSeconds <= now) overdueGames++
  }
  forgetOutside(cache, games)

  const newest = games[0]
  return {
    ...base,
    overdueGames,
    challengerWins,
    ...(newest ? { lastPostedAt: newest.createdAt, ...(family ? l2FieldOf(newest.extraData, family) : {}) } : {}),
  }
}

/** The anchor's second value by the family's meaning: an L2 block (looked up on L2 by the caller) or an L2 timestamp. */
function anchorFields(anchor: readonly [Hex, bigint] | undefined, family: GameFamily | undefined): Partial<DisputeGamesReading> {
  if (!anchor || !family) return {} // an unknown family's anchor means nothing we can judge
  if (family.sequence === 'l2-timestamp') return anchor[1] > 0n ? { finalizedL2Timestamp: Number(anchor[1]) } : {}
  return { anchorL2Block: anchor[1], finalizedL2Block: anchor[1] }
}

function recordGameReads(cache: DisputeGameCache, games: readonly KnownGame[], results: readonly ContractReadResult[], perGame: number): void {
  games.forEach((game, i) => {
    const status = results[i * perGame]
    if (status?.status === 'success' && Number(status.result) !== gameStatus.inProgress) cache.resolved.set(game.proxy, Number(status.result))
    const expected = perGame > 1 ? results[i * perGame + 1] : undefined
    if (expected?.status === 'success') cache.expectedResolution.set(game.proxy, Number(expected.result))
  })
}

/** Forget games that slid out of the window. */
function forgetOutside(cache: DisputeGameCache, games: readonly KnownGame[]): void {
  const inWindow = new Set(games.map((game) => game.proxy))
  for (const address of cache.resolved.keys()) if (!inWindow.has(address)) cache.resolved.delete(address)
  for (const address of cache.expectedResolution.keys()) if (!inWindow.has(address)) cache.expectedResolution.delete(address)
}
