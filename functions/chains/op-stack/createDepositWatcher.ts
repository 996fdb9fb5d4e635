import type { Address, Hex, PublicClient } from 'viem'
import { getBlockNumber } from 'viem/actions'
import { describeError } from '../../rpc/describeError.js'
import type { DepositsObservation, L1OriginRef, PendingMessage, Reading } from '../../types.js'
import type { CursorStore, LogCursor } from '../LogCursor.js'
import { scanLogsSince } from '../scanLogsSince.js'
import { transactionDepositedEvents } from './abis.js'
import { sequencingWindowBlocks } from './sequencingWindow.js'

/** A first scan starts at the L2's L1 origin, at most this far back (a day of L1 blocks). */
export const depositLookbackBlocks = 7_200n
/** Seconds per L1 block, to date a deposit whose log carries no blockTimestamp. */
const l1BlockSeconds = 12
/** Kept in the cursor at most (oldest first): the oldest is what the check needs. */
const maxPending = 1_000

interface PendingDeposit {
  readonly l1Block: bigint
  readonly l1Tx: Hex
  /** L1 unix seconds of its block. */
  readonly sentAt: number
}

/** The scan cursor, carrying deposits not yet on L2 across ticks and restarts. */
interface DepositCursor extends LogCursor {
  readonly pending?: readonly PendingDeposit[]
}

export interface DepositWatcher {
  /**
   * `origin` is this tick's L2 L1 origin (from the L2 head batch), awaited only after the scan went out, so the
   * portal's eth_getLogs still rides in the first L1 batch.
   */
  observe(portal: Address, origin: Promise<Reading<L1OriginRef> | undefined>, now: number): Promise<Reading<DepositsObservation>>
}

const shortHash = (hash: Hex) => `${hash.slice(0, 10)}…${hash.slice(-4)}`

/**
 * `deposits` on OP Stack: every TransactionDeposited on the OptimismPortal, scanned with scanLogsSince up to the
 * previous tick's L1 head (so the eth_getLogs shares the tick's first L1 batch; no call when no L1 block was added),
 * is pending while its L1 block is past the L2's L1 origin (the sequencer includes an L1 block's deposits in the
 * first L2 block of that epoch). A first scan starts at the origin. Pending deposits live in the stored cursor.
 */
export function createDepositWatcher({
  l1,
  cursors,
  scan = {},
}: {
  readonly l1: PublicClient
  readonly cursors: CursorStore
  readonly scan?: { readonly maxRange?: bigint }
}): DepositWatcher {
  let lastHead: bigint | undefined
  return {
    async observe(portal, originPromise, now) {
      const name = `${portal}:TransactionDeposited`
      const stored = (await cursors.get(name).catch(() => undefined)) as DepositCursor | undefined
      const target = lastHead
      const scanTo = (head: bigint, from: LogCursor) => scanLogsSince(l1, { address: portal, events: transactionDepositedEvents, head, cursor: from, ...scan, lookback: depositLookbackBlocks })
      let head: bigint
      let scanned: Awaited<ReturnType<typeof scanTo>> | undefined
      let origin: Reading<L1OriginRef> | undefined
      try {
        const due = stored !== undefined && target !== undefined && target > stored.scannedTo
        ;[head, scanned, origin] = await Promise.all([getBlockNumber(l1), due ? scanTo(target, stored) : undefined, originPromise])
        lastHead = head
      } catch (error) {
        return { ok: false, error: describeError(error) }
      }
      if (!origin) return { ok: false, error: "the L2's L1 origin was not read" }
      if (!origin.ok) return { ok: false, error: `cannot tell which deposits the L2 has: ${origin.error}` }
      const originBlock = origin.value.number
      // First tick: every deposit past the origin is pending, so the scan starts there (bounded by the lookback).
      if (!stored) scanned = await scanTo(head, { scannedTo: originBlock, range: scan.maxRange ?? 10_000n }).catch(() => undefined)
      if (!stored && !scanned) return { ok: false, error: 'the first portal scan failed' }

      const dated = (blockNumber: bigint, timestamp: number | undefined) =>
        timestamp ?? (origin.ok ? origin.value.timestamp + Number(blockNumber - originBlock) * l1BlockSeconds : now)
      const pending = [...(stored?.pending ?? [])]
      for (const log of scanned?.logs ?? []) pending.push({ l1Block: log.blockNumber, l1Tx: log.transactionHash, sentAt: dated(log.blockNumber, log.blockTimestamp) })
      const waiting = pending.filter((deposit) => deposit.l1Block > originBlock).slice(-maxPending)

      const scannedTo = scanned?.scannedTo ?? stored?.scannedTo ?? originBlock
      const cursor: DepositCursor = { scannedTo, range: scanned?.range ?? stored?.range ?? scan.maxRange ?? 10_000n, ...(waiting.length ? { pending: waiting } : {}) }
      await cursors.put(name, cursor).catch(() => undefined)

      const oldest = waiting[0]
      const behind = head > scannedTo ? head - scannedTo : 0n
      const progress = `the L2's L1 origin is #${originBlock}`
      if (!oldest) return { ok: true, value: { source: 'optimism-portal', pending: 0, forcedInclusion: 'sequencing-window', behind, progress } }
      const message: PendingMessage = { id: `deposit in L1 tx ${shortHash(oldest.l1Tx)}`, l1Block: oldest.l1Block, sentAt: oldest.sentAt }
      const windowEnd = oldest.l1Block + sequencingWindowBlocks
      const blocksLeft = Number(windowEnd - head)
      return {
        ok: true,
        value: {
          source: 'optimism-portal',
          pending: waiting.length,
          oldest: message,
          forcedInclusion: 'sequencing-window',
          forcedInclusionIn: blocksLeft * l1BlockSeconds,
          forcedInclusionInBlocks: blocksLeft,
          forcedInclusionBlock: windowEnd,
          behind,
          progress,
        },
      }
    },
  }
}
