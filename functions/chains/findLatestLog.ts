import { type AbiEvent, type Address, BaseError, HttpRequestError, type PublicClient } from 'viem'
import { getBlock, getLogs } from 'viem/actions'
import { WatchtowerError } from '../errors/WatchtowerError.js'
import type { FoundLog, LogCursor } from './LogCursor.js'

export interface FindLatestLogParameters {
  readonly address: Address
  /** Events to look for; the newest match of any of them wins. */
  readonly events: readonly AbiEvent[]
  /** Indexed arguments to match (only with a single event), e.g. `{ messageIndex: 5n }`. */
  readonly args?: Readonly<Record<string, unknown>>
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

/** Blocks [from, to] below `scannedTo` that a scan which ran out of calls has yet to look at. */
export interface LogScanHole {
  readonly from: bigint
  readonly to: bigint
}

/**
 * A cursor that may carry a hole left by an unfinished scan. The store keeps it as it keeps any cursor
 * (JSON), so a scan that needs more calls than one tick allows finishes over several ticks.
 */
export interface ResumableLogCursor extends LogCursor {
  readonly hole?: LogScanHole
}

/**
 * The scan ran out of eth_getLogs calls before it could tell which log is the newest. `cursor` holds its
 * progress: save it, and the next scan goes on from there instead of starting over.
 */
export class LogScanIncompleteError extends WatchtowerError {
  override name = 'LogScanIncompleteError'
  readonly cursor: ResumableLogCursor
  readonly remainingBlocks: bigint
  readonly calls: number

  constructor(cursor: ResumableLogCursor, remainingBlocks: bigint, calls: number) {
    super(`log scan needs more than ${calls} eth_getLogs calls this tick: ${remainingBlocks} blocks left, resumes next tick`, {
      details: `range ${cursor.range} blocks per call`,
    })
    this.cursor = cursor
    this.remainingBlocks = remainingBlocks
    this.calls = calls
  }
}

/** Messages providers use when a range or result is too large for one eth_getLogs call. */
const rangeCapPattern = /range|limit|too many|exceed|max(imum)? .*blocks|query returned more than|response size/i
/** Rate limiting also says "limit" or "exceeded", but a narrower range would not help: fail, keep the range. */
const rateLimitPattern = /rate.?limit|too many requests|request count|throttl|quota|credits|compute units|capacity/i

/** shortMessage and details along the cause chain (not the request body or URL viem puts in `message`). */
function errorText(error: unknown): string {
  const parts: string[] = []
  for (let e: unknown = error; e instanceof Error && parts.length < 8; e = e.cause)
    parts.push(e instanceof BaseError ? `${e.shortMessage} ${e.details ?? ''}` : e.message)
  return parts.join(' ')
}

export function isRangeRefusal(error: unknown): boolean {
  if (error instanceof BaseError && error.walk((e) => e instanceof HttpRequestError && e.status === 429)) return false
  const text = errorText(error)
  return !rateLimitPattern.test(text) && rangeCapPattern.test(text)
}

function stringify(args: unknown): Record<string, string> {
  if (!args || typeof args !== 'object') return {}
  // A struct (e.g. AssertionCreated's AssertionInputs) is kept as JSON, bigints as decimal strings.
  const text = (v: unknown) =>
    typeof v === 'bigint' ? v.toString() : v && typeof v === 'object' && !Array.isArray(v) ? JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x)) : String(v)
  return Object.fromEntries(Object.entries(args).map(([k, v]) => [k, text(v)]))
}

/** A stored hole, if the cursor has a well-formed one. */
function holeOf(cursor: LogCursor | undefined): LogScanHole | undefined {
  const hole = (cursor as ResumableLogCursor | undefined)?.hole
  return hole && typeof hole.from === 'bigint' && typeof hole.to === 'bigint' && hole.from <= hole.to ? hole : undefined
}

/**
 * The newest log of `events` at `address`, scanning newest blocks first and only what no earlier scan covered:
 * a steady tick makes one eth_getLogs call over the blocks since the stored cursor. The first chunk (from the
 * head down) holding a match ends the scan, so a first scan or a long gap costs only as many calls as the
 * newest log is far back, up to `lookback`. Ranges halve when a provider refuses them, and the accepted range
 * is remembered. A scan that runs out of calls throws LogScanIncompleteError with a cursor to resume from.
 */
export async function findLatestLog(client: PublicClient, parameters: FindLatestLogParameters): Promise<FindLatestLogResult> {
  const { address, events, args, head, cursor, lookback = 100_000n, maxCalls = 12 } = parameters
  if (args && events.length !== 1) throw new Error('findLatestLog: args filter needs exactly one event')
  const filter = args ? { event: events[0] as AbiEvent, args } : { events: events as AbiEvent[] }
  let range = cursor?.range ?? parameters.maxRange ?? 10_000n
  let calls = 0

  /** Logs in [from, to], or undefined when the provider refused the range (then `range` has been halved). */
  async function tryLogs(from: bigint, to: bigint) {
    calls++
    try {
      return await getLogs(client, { address, ...filter, fromBlock: from, toBlock: to, strict: true } as Parameters<typeof getLogs>[1])
    } catch (error) {
      if (to <= from || !isRangeRefusal(error)) throw error
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

  // A head behind the cursor (a lagging RPC behind a load balancer) must not move the cursor back: rescanning
  // from there could report an older log than the one already found.
  const scannedTo = cursor && cursor.scannedTo > head ? cursor.scannedTo : head
  const done = (latest: FoundLog | undefined): FindLatestLogResult => ({
    ...(latest ? { latest } : {}),
    cursor: { scannedTo, range, ...(latest ? { latest } : {}) },
    calls,
  })

  // What is left to scan, newest first: the blocks above the cursor, then a hole an earlier scan left.
  const floor = head > lookback ? head - lookback : 0n
  const segments: LogScanHole[] = []
  const above = { from: cursor && cursor.scannedTo + 1n > floor ? cursor.scannedTo + 1n : floor, to: head }
  if (above.from <= above.to) segments.push(above)
  const hole = holeOf(cursor)
  if (hole && hole.to >= floor) segments.push({ from: hole.from > floor ? hole.from : floor, to: hole.to })

  for (const segment of segments) {
    let to = segment.to
    while (to >= segment.from) {
      if (calls >= maxCalls) {
        // Everything from the lowest segment's start up to here is left (empty blocks between segments included).
        const left = { from: segments.at(-1)!.from, to }
        const resume: ResumableLogCursor = { scannedTo, range, ...(cursor?.latest ? { latest: cursor.latest } : {}), hole: left }
        throw new LogScanIncompleteError(resume, left.to - left.from + 1n, calls)
      }
      const from = to - range + 1n > segment.from ? to - range + 1n : segment.from
      const logs = await tryLogs(from, to)
      if (!logs) continue
      const newest = logs.filter((log) => log.blockNumber !== null).at(-1)
      if (newest) return done(await toFound(newest))
      to = from - 1n
    }
  }
  // Nothing newer than the cursor's log within the lookback.
  return done(cursor?.latest)
}
