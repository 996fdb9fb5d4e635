import { type AbiEvent, type Address, getAbiItem, type PublicClient } from 'viem'
import type { Reading } from '../../types.js'
import { findLatestLog } from '../findLatestLog.js'
import type { CursorStore, FoundLog, LogCursor } from '../LogCursor.js'
import { toReading } from '../toReading.js'
import { diamondAbi } from './abis.js'

/** Cursor name (per chain, in the store) of each scanned diamond event. */
export const diamondEventCursors = { commit: 'blockCommit', verification: 'blocksVerification', revert: 'blocksRevert' } as const
export type DiamondEventKind = keyof typeof diamondEventCursors

const diamondEvents: Record<DiamondEventKind, AbiEvent> = {
  commit: getAbiItem({ abi: diamondAbi, name: 'BlockCommit' }),
  verification: getAbiItem({ abi: diamondAbi, name: 'BlocksVerification' }),
  revert: getAbiItem({ abi: diamondAbi, name: 'BlocksRevert' }),
}

/**
 * A first BlocksRevert scan only needs to look back as far as a revert still raises an alarm (reverts are
 * rare, so a long lookback would walk many empty chunks on every cold start): 1800 blocks, ~6 h of L1.
 */
export const revertLookbackBlocks = 1800n

export interface ScanDiamondEventsParameters {
  readonly diamond: Address
  /** L1 block to scan up to (read in the same request as the diamond's counters). */
  readonly head: bigint
  readonly cursors: CursorStore
  readonly maxRange?: bigint
  readonly lookback?: bigint
}

export interface DiamondEventScan {
  /** Newest log of the event up to `head`. */
  readonly latest?: FoundLog
  /** The cursor as the previous tick left it (undefined on a first scan). */
  readonly previous?: LogCursor
}

export type DiamondEventScans = Record<DiamondEventKind, Reading<DiamondEventScan>>

/**
 * The newest BlockCommit, BlocksVerification and BlocksRevert logs of the diamond, each resumed from its
 * stored cursor. The three scans start together, so a steady tick sends their eth_getLogs calls as one
 * JSON-RPC batch (one HTTP request). A store that cannot be read or written costs a rescan, never the reading.
 */
export async function scanDiamondEvents(
  client: PublicClient,
  { diamond, head, cursors, maxRange, lookback }: ScanDiamondEventsParameters,
): Promise<DiamondEventScans> {
  const kinds = Object.keys(diamondEventCursors) as DiamondEventKind[]
  const previous = await Promise.all(kinds.map((kind) => cursors.get(diamondEventCursors[kind]).catch(() => undefined)))

  const revertLookback = lookback !== undefined && lookback < revertLookbackBlocks ? lookback : revertLookbackBlocks
  const scans = await Promise.all(
    kinds.map((kind, i) =>
      toReading(
        findLatestLog(client, {
          address: diamond,
          events: [diamondEvents[kind]],
          head,
          cursor: previous[i],
          maxRange,
          lookback: kind === 'revert' ? revertLookback : lookback,
        }),
      ),
    ),
  )
  await Promise.all(
    kinds.map((kind, i) => {
      const scan = scans[i]
      return scan?.ok ? cursors.put(diamondEventCursors[kind], scan.value.cursor).catch(() => undefined) : undefined
    }),
  )

  const entries = kinds.map((kind, i): [DiamondEventKind, Reading<DiamondEventScan>] => {
    const scan = scans[i]!
    const before = previous[i]
    if (!scan.ok) return [kind, scan]
    return [kind, { ok: true, value: { ...(scan.value.latest ? { latest: scan.value.latest } : {}), ...(before ? { previous: before } : {}) } }]
  })
  return Object.fromEntries(entries) as DiamondEventScans
}
