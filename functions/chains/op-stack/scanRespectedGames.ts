import { type Address, getAddress, type Hex, parseAbi, type PublicClient } from 'viem'
import { type ContractReadResult, readContracts, unwrap } from '../../rpc/readContracts.js'
import { disputeGameFactoryAbi } from './abis.js'

/** A game of the respected type, as listed by the factory. */
export interface KnownGame {
  readonly index: bigint
  readonly proxy: Address
  /** L1 unix seconds of creation (from the packed GameId). */
  readonly createdAt: number
  readonly rootClaim: Hex
  readonly extraData: Hex
}

/** What the scan remembers between ticks: games are append-only, so each index is read once. */
export interface GameScan {
  gameType?: number
  /** Newest first, at most `window`. */
  games: KnownGame[]
  /** Indices at or above this have not been looked at yet. */
  newestScanned: bigint
  /** Indices below this have not been looked at yet (backfill after a cold start or a type switch). */
  oldestScanned: bigint
}

export const createGameScan = (): GameScan => ({ games: [], newestScanned: 0n, oldestScanned: 0n })

/** gameAtIndex reads per request: far below any provider's eth_call gas cap. */
export const scanPageSize = 200
/** Pages one tick may read; a sparse history is walked over several ticks instead of in one huge eth_call. */
export const maxScanPagesPerTick = 5

export interface ScanRespectedGamesParameters {
  readonly disputeGameFactory: Address
  readonly multicallAddress?: Address
  readonly gameType: number
  readonly gameCount: bigint
  readonly window: number
  readonly scan: GameScan
  /** Defaults: scanPageSize, maxScanPagesPerTick. */
  readonly pageSize?: number
  readonly maxPages?: number
  /** gameAtIndex(index) already read (with the caller's first request): a one-game page costs no request. */
  readonly prefetched?: { readonly index: bigint; readonly result: ContractReadResult }
}

/**
 * Keeps `scan.games` at the newest `window` games of `gameType` with bounded requests (pages of gameAtIndex),
 * instead of `findLatestGames`, which walks back one game at a time until it finds n of the type: right after
 * a respected-type switch that is the whole history in one eth_call, past provider gas caps. New games are read
 * first; older ones are back-filled a few pages per tick. Returns the number of requests made.
 */
export async function scanRespectedGames(
  client: PublicClient,
  { disputeGameFactory, multicallAddress, gameType, gameCount, window, scan, pageSize = scanPageSize, maxPages = maxScanPagesPerTick, prefetched }: ScanRespectedGamesParameters,
): Promise<number> {
  if (scan.gameType !== gameType) Object.assign(scan, { gameType, games: [], newestScanned: gameCount, oldestScanned: gameCount })
  let budget = maxPages
  let requests = 0
  const found: { index: bigint; proxy: Address; createdAt: number }[] = []

  const readPage = async (from: bigint, to: bigint): Promise<void> => {
    const indices: bigint[] = []
    for (let i = to - 1n; i >= from; i--) indices.push(i)
    const known = prefetched && indices.length === 1 && indices[0] === prefetched.index ? [prefetched.result] : undefined
    const results =
      known ??
      (await readContracts(client, {
        multicallAddress,
        contracts: indices.map((index) => ({ address: disputeGameFactory, abi: disputeGameFactoryAbi, functionName: 'gameAtIndex', args: [index] })),
      }))
    if (!known) requests++
    indices.forEach((index, i) => {
      const [type, timestamp, proxy] = unwrap<readonly [number, bigint, Address]>(results[i], `DisputeGameFactory.gameAtIndex(${index})`)
      if (Number(type) === gameType) found.push({ index, proxy: getAddress(proxy), createdAt: Number(timestamp) })
    })
    budget--
  }

  // New games, newest first; a gap longer than the budget leaves its oldest part unread (the window is full anyway).
  let top = gameCount
  while (top > scan.newestScanned && budget > 0) {
    const from = top - BigInt(pageSize) > scan.newestScanned ? top - BigInt(pageSize) : scan.newestScanned
    await readPage(from, top)
    top = from
  }
  scan.newestScanned = gameCount
  const newer = found.splice(0)
  // Back-fill older games while the window is short of them.
  while (scan.oldestScanned > 0n && scan.games.length + newer.length + found.length < window && budget > 0) {
    const from = scan.oldestScanned > BigInt(pageSize) ? scan.oldestScanned - BigInt(pageSize) : 0n
    await readPage(from, scan.oldestScanned)
    scan.oldestScanned = from
  }
  const added = [...newer, ...found]
  if (added.length === 0) return requests

  const extra = await readContracts(client, {
    multicallAddress,
    contracts: added.flatMap(({ proxy }) => [
      { address: proxy, abi: gameDataAbi, functionName: 'extraData' } as const,
      { address: proxy, abi: gameDataAbi, functionName: 'rootClaim' } as const,
    ]),
  })
  requests++
  const value = (i: number): Hex | undefined => (extra[i]?.status === 'success' ? (extra[i].result as Hex) : undefined)
  const games = added.map((game, i) => ({ ...game, extraData: value(2 * i) ?? '0x', rootClaim: value(2 * i + 1) ?? '0x' }))
  scan.games = [...games.slice(0, newer.length), ...scan.games, ...games.slice(newer.length)]
    .sort((a, b) => (a.index < b.index ? 1 : a.index > b.index ? -1 : 0))
    .slice(0, window)
  return requests
}

const gameDataAbi = parseAbi(['function extraData() view returns (bytes)', 'function rootClaim() view returns (bytes32)'])
