import type { AbiEvent, Address, Hex, PublicClient } from 'viem'
import { getLogs } from 'viem/actions'
import { isRangeRefusal } from './findLatestLog.js'
import type { LogCursor } from './LogCursor.js'

export interface ScanLogsSinceParameters {
  readonly address: Address
  readonly events: readonly AbiEvent[]
  /** Scan up to this L1 block, inclusive. */
  readonly head: bigint
  /** Where the last scan stopped; without one, the scan starts `lookback` blocks below the head. */
  readonly cursor?: Pick<LogCursor, 'scannedTo' | 'range'>
  /** Blocks per eth_getLogs call to start with (halves when a provider refuses). Default 10,000. */
  readonly maxRange?: bigint
  readonly lookback?: bigint
  /** eth_getLogs calls allowed this call; the rest is scanned next time (oldest first, so progress is a prefix). */
  readonly maxCalls?: number
}

export interface ScannedLog {
  readonly blockNumber: bigint
  readonly transactionHash: Hex
  readonly eventName: string
  readonly args: Readonly<Record<string, unknown>>
  /** L1 unix seconds of the log's block, where the RPC puts `blockTimestamp` on logs. */
  readonly blockTimestamp?: number
}

export interface ScanLogsSinceResult {
  /** Every matching log in the blocks scanned, oldest first. */
  readonly logs: readonly ScannedLog[]
  readonly scannedTo: bigint
  readonly range: bigint
  /** Blocks up to the head left for the next call (0 when caught up). */
  readonly behind: bigint
  readonly calls: number
}

/**
 * Every log of `events` at `address` since the cursor (unlike findLatestLog, which wants only the newest):
 * oldest blocks first, at most `maxCalls` eth_getLogs calls, so a long gap is caught up over several ticks and
 * what was scanned is never scanned again. A steady tick is one call; no call when no block was added.
 */
export async function scanLogsSince(client: PublicClient, parameters: ScanLogsSinceParameters): Promise<ScanLogsSinceResult> {
  const { address, events, head, cursor, lookback = 100_000n, maxCalls = 12 } = parameters
  let range = cursor?.range ?? parameters.maxRange ?? 10_000n
  const floor = head > lookback ? head - lookback : 0n
  let from = cursor ? cursor.scannedTo + 1n : floor
  if (from < floor) from = floor
  // A lagging RPC's head below the cursor never moves it back.
  let scannedTo = cursor && cursor.scannedTo > head ? cursor.scannedTo : from - 1n
  const logs: ScannedLog[] = []
  let calls = 0
  while (from <= head && calls < maxCalls) {
    const to = from + range - 1n < head ? from + range - 1n : head
    calls++
    let found
    try {
      found = await getLogs(client, { address, events: events as AbiEvent[], fromBlock: from, toBlock: to, strict: true } as Parameters<typeof getLogs>[1])
    } catch (error) {
      if (to <= from || !isRangeRefusal(error)) throw error
      range = (to - from + 1n) / 2n
      continue
    }
    for (const log of found) {
      if (log.blockNumber === null || log.transactionHash === null) continue // pending logs are not on L1 yet
      const named = log as { eventName?: string; args?: Record<string, unknown>; blockTimestamp?: bigint | null }
      logs.push({
        blockNumber: log.blockNumber,
        transactionHash: log.transactionHash,
        eventName: named.eventName ?? 'unknown',
        args: named.args ?? {},
        ...(typeof named.blockTimestamp === 'bigint' ? { blockTimestamp: Number(named.blockTimestamp) } : {}),
      })
    }
    scannedTo = to
    from = to + 1n
  }
  return { logs, scannedTo, range, behind: head > scannedTo ? head - scannedTo : 0n, calls }
}
