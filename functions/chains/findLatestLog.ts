import type { AbiEvent, Address, PublicClient } from 'viem'
import { getBlock, getLogs } from 'viem/actions'
import type { FoundLog, LogCursor } from './LogCursor.js'

export interface FindLatestLogParameters {
  readonly address: Address
  /** Events to look for; the newest match of any of them wins. */
  readonly events: readonly AbiEvent[]
  /** L1 head to scan up to (read by the caller in the same batch as its other reads). */
  readonly head: bigint
  readonly cursor?: LogCursor
  /** Blocks per eth_getLogs call to start with (public RPCs cap ranges). Default 10,000. */
  readonly maxRange?: bigint
  /** How far back a first scan looks for the newest log. Default 100,000 blocks (~2 weeks on Ethereum). */
  readonly lookback?: bigint
  /** eth_getLogs calls allowed in one tick before giving up (the reading is then an error, not a guess). */
  readonly maxCalls?: number
}

export interface FindLatestLogResult {
  readonly latest?: FoundLog
  readonly cursor: LogCursor
  /** eth_getLogs calls made (for the bench). */
  readonly calls: number
}

/** Messages providers use when a range or result is too large for one eth_getLogs call. */
const rangeCapPattern = /range|limit|too many|exceed|max(imum)? .*blocks|query returned more than|response size/i

function stringify(args: unknown): Record<string, string> {
  if (!args || typeof args !== 'object') return {}
  return Object.fromEntries(Object.entries(args).map(([k, v]) => [k, typeof v === 'bigint' ? v.toString() : String(v)]))
}

/**
 * The newest log of `events` at `address`, scanning incrementally from a stored cursor: a steady tick makes
 * one eth_getLogs call over the blocks since the last tick. A first scan (or one after a long gap) walks
 * backwards from the head in chunks until it finds a log or runs out of lookback. Ranges halve when a provider
 * refuses them, and the accepted range is remembered.
 */
export async function findLatestLog(client: PublicClient, parameters: FindLatestLogParameters): Promise<FindLatestLogResult> {
  const { address, events, head, cursor, lookback = 100_000n, maxCalls = 12 } = parameters
  let range = cursor?.range ?? parameters.maxRange ?? 10_000n
  let calls = 0

  /** Logs in [from, to], or undefined when the provider refused the range (then `range` has been halved). */
  async function tryLogs(from: bigint, to: bigint) {
    calls++
    if (calls > maxCalls) throw new Error(`log scan needs more than ${maxCalls} eth_getLogs calls this tick (range ${range} blocks)`)
    try {
      return await getLogs(client, { address, events: events as AbiEvent[], fromBlock: from, toBlock: to, strict: true })
    } catch (error) {
      if (to <= from || !rangeCapPattern.test(String((error as Error).message))) throw error
      range = (to - from + 1n) / 2n
      return undefined
    }
  }

  async function toFound(log: Awaited<ReturnType<typeof getLogs>>[number]): Promise<FoundLog> {
    const blockNumber = log.blockNumber!
    const timestamp =
      log.blockTimestamp !== undefined && log.blockTimestamp !== null
        ? Number(log.blockTimestamp)
        : Number((await getBlock(client, { blockNumber })).timestamp)
    return { blockNumber, timestamp, eventName: (log as { eventName?: string }).eventName ?? 'unknown', args: stringify((log as { args?: unknown }).args) }
  }

  const done = (latest: FoundLog | undefined): FindLatestLogResult => ({
    ...(latest ? { latest } : {}),
    cursor: { scannedTo: head, range, ...(latest ? { latest } : {}) },
    calls,
  })

  // Incremental: forward from the cursor, when the gap can be closed this tick.
  if (cursor && cursor.scannedTo <= head && head - cursor.scannedTo <= range * BigInt(Math.max(1, maxCalls - 2))) {
    let newest: Awaited<ReturnType<typeof getLogs>>[number] | undefined
    let from = cursor.scannedTo + 1n
    while (from <= head) {
      const to = from + range - 1n < head ? from + range - 1n : head
      const logs = await tryLogs(from, to)
      if (!logs) continue
      newest = logs.filter((log) => log.blockNumber !== null).at(-1) ?? newest
      from = to + 1n
    }
    return done(newest ? await toFound(newest) : cursor.latest)
  }

  // First scan, or a gap too long to walk: backwards from the head, newest chunk first.
  const floor = head > lookback ? head - lookback : 0n
  let to = head
  for (;;) {
    const from = to - range + 1n > floor ? to - range + 1n : floor
    const logs = await tryLogs(from, to)
    if (!logs) continue
    const newest = logs.filter((log) => log.blockNumber !== null).at(-1)
    if (newest) return done(await toFound(newest))
    if (from <= floor) return done(cursor?.latest)
    to = from - 1n
  }
}
