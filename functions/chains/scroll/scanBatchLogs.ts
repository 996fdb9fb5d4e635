import type { Address, PublicClient } from 'viem'
import { findLatestLog, type FindLatestLogResult, LogScanIncompleteError } from '../findLatestLog.js'
import type { CursorStore, FoundLog, LogCursor } from '../LogCursor.js'
import { commitBatchEvent, revertBatchEvents } from './abis.js'

/**
 * Reverts are only alarmed on while recent, so a first scan looks back ~2 h of L1 blocks at most, and no more
 * than 4 eth_getLogs ranges: a provider forcing tiny ranges must not keep the batch reading blind for many ticks.
 */
export const revertLookbackBlocks = 600n
const revertLookbackRanges = 4n

export interface ScanBatchLogsParameters {
  readonly scrollChain: Address
  /** L1 head read in the same request as miscData. */
  readonly head: bigint
  readonly cursors: CursorStore
  readonly maxRange?: bigint
  readonly lookback?: bigint
}

export interface BatchLogs {
  /** Newest CommitBatch: its L1 block time is "last batch posted". */
  readonly lastCommit?: FoundLog
  /** Newest RevertBatch (either signature). */
  readonly lastRevert?: FoundLog
  /** eth_getLogs calls made (for the bench). */
  readonly calls: number
}

const min = (a: bigint, b: bigint) => (a < b ? a : b)

/**
 * Newest CommitBatch and RevertBatch logs of ScrollChain, each scan resuming from its stored cursor. Both scans
 * start together, so in steady state their eth_getLogs calls share one JSON-RPC batch (one HTTP request).
 * Cursor names carry the contract address: a changed config does not resume another contract's scan.
 */
export async function scanBatchLogs(
  client: PublicClient,
  { scrollChain, head, cursors, maxRange, lookback }: ScanBatchLogsParameters,
): Promise<BatchLogs> {
  const commitName = `scroll-commit-batch:${scrollChain.toLowerCase()}`
  const revertName = `scroll-revert-batch:${scrollChain.toLowerCase()}`
  const [commitCursor, revertCursor] = await Promise.all([cursors.get(commitName), cursors.get(revertName)])
  const range = maxRange !== undefined ? { maxRange } : {}
  const [commitScan, revertScan] = await Promise.allSettled([
    findLatestLog(client, {
      address: scrollChain,
      events: [commitBatchEvent],
      head,
      ...(commitCursor ? { cursor: commitCursor } : {}),
      ...range,
      ...(lookback !== undefined ? { lookback } : {}),
    }),
    findLatestLog(client, {
      address: scrollChain,
      events: revertBatchEvents,
      head,
      ...(revertCursor ? { cursor: revertCursor } : {}),
      ...range,
      lookback: min(revertLookbackBlocks, revertLookbackRanges * (revertCursor?.range ?? maxRange ?? revertLookbackBlocks)),
    }),
  ])
  // Each scan keeps its progress even when the other failed; an unfinished scan resumes next tick.
  const progress = (result: PromiseSettledResult<FindLatestLogResult>): LogCursor | undefined =>
    result.status === 'fulfilled' ? result.value.cursor : result.reason instanceof LogScanIncompleteError ? result.reason.cursor : undefined
  const commitProgress = progress(commitScan)
  const revertProgress = progress(revertScan)
  await Promise.all([
    commitProgress && cursors.put(commitName, commitProgress),
    revertProgress && cursors.put(revertName, revertProgress),
  ])
  if (commitScan.status === 'rejected') throw commitScan.reason
  if (revertScan.status === 'rejected') throw revertScan.reason
  const { latest: lastCommit, calls: commitCalls } = commitScan.value
  const { latest: lastRevert, calls: revertCalls } = revertScan.value
  return {
    ...(lastCommit ? { lastCommit } : {}),
    ...(lastRevert ? { lastRevert } : {}),
    calls: commitCalls + revertCalls,
  }
}
