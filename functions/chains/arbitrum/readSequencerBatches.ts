import type { Address, PublicClient } from 'viem'
import type { BatchObservation, DepositsObservation, Reading } from '../../types.js'
import { type FindLatestLogParameters, findLatestLog, LogScanIncompleteError } from '../findLatestLog.js'
import type { CursorStore, FoundLog, LogCursor } from '../LogCursor.js'
import { bridgeAbi, sequencerInboxAbi } from './abis.js'
import { scanLatestLog } from '../scanLatestLog.js'

/** Ethereum slot time: force inclusion and the confirm period count L1 blocks. */
export const l1BlockSeconds = 12

const batchDelivered = sequencerInboxAbi.find((item) => item.type === 'event' && item.name === 'SequencerBatchDelivered')!
const messageDelivered = bridgeAbi.find((item) => item.type === 'event' && item.name === 'MessageDelivered')!

/** What the reader remembers between ticks: log scans run only when the counters read every tick moved. */
export interface SequencerBatchCache {
  /** batchCount() whose newest batch log has been seen. */
  batchCount?: bigint
  latestBatch?: FoundLog
  /** The oldest delayed message not yet read by the sequencer (index = totalDelayedMessagesRead), once looked up. */
  oldestUnread?: { readonly index: bigint; readonly timestamp?: number; readonly blockNumber?: bigint }
  /** A lookup of that message that ran out of calls: it resumes from here next tick. */
  unreadLookup?: { readonly index: bigint; readonly cursor: LogCursor }
}

export interface ReadSequencerBatchesParameters {
  readonly sequencerInbox: Address
  readonly bridge?: Address
  /** L1 head the counters below were read at. */
  readonly head: bigint
  readonly batchCount: bigint
  /**
   * L1 blocks a delayed message waits before it can be force-included: min(delayBlocks, bufferBlocks) on a
   * delay-bufferable inbox, else maxTimeVariation().delayBlocks. The fallback where `forceInclusionDeadline` fails.
   */
  readonly delayBlocks: bigint
  /**
   * SequencerInbox.forceInclusionDeadline(l1Block): the L1 block after which a message delivered at `l1Block` can
   * be force-included (it applies the pending delay-buffer depletion), without a request of its own
   * (resolveForceInclusionDeadline). Undefined when it cannot be had.
   */
  readonly forceInclusionDeadline: (l1Block: bigint) => bigint | undefined
  readonly totalDelayedMessagesRead: bigint
  /** Bridge.delayedMessageCount(); undefined without a bridge. */
  readonly delayedMessageCount?: bigint
  readonly cache: SequencerBatchCache
  readonly cursors: CursorStore
  /** Chunk size and lookback of the log scans (the chain's logScan config). */
  readonly scan?: Pick<FindLatestLogParameters, 'maxRange' | 'lookback'>
  readonly now: number
}

/**
 * Newest batch from the SequencerInbox (`batchCount()` and the L1 time of the newest SequencerBatchDelivered)
 * and the delayed inbox for `deposits`: messages in the Bridge the sequencer has not read (`delayedMessageCount()`
 * vs `totalDelayedMessagesRead()`), the oldest one's age. Each check counts down to its own force-inclusion
 * deadline (`forceInclusionDeadline`, block-based and buffered since BoLD; the countdown goes out in blocks):
 * sequencer-lag to the newest batch's (when the batch-posting window ends), deposits to the oldest unread
 * message's. A tick where neither counter moved makes no log scan here.
 */
export async function readSequencerBatches(
  client: PublicClient,
  parameters: ReadSequencerBatchesParameters,
): Promise<{ batches: BatchObservation; deposits?: Reading<DepositsObservation> }> {
  const { sequencerInbox, bridge, head, batchCount, delayBlocks, totalDelayedMessagesRead, delayedMessageCount, cache, cursors } = parameters
  const delaySeconds = Number(delayBlocks) * l1BlockSeconds
  const scan = { head, ...parameters.scan }

  const readBatch = async () => {
    if (batchCount === 0n || (cache.batchCount === batchCount && cache.latestBatch)) return
    const name = `${sequencerInbox}:SequencerBatchDelivered`
    const latest = await scanLatestLog(client, { address: sequencerInbox, events: [batchDelivered], name, cursors, ...scan })
    cache.latestBatch = latest
    // Until the log of the newest counted batch shows up (a provider's log index may trail its state), look again.
    cache.batchCount = latest?.args.batchSequenceNumber === String(batchCount - 1n) ? batchCount : undefined
  }

  const readOldestUnread = async () => {
    if (!bridge || delayedMessageCount === undefined || delayedMessageCount <= totalDelayedMessagesRead) {
      cache.oldestUnread = undefined
      return
    }
    const index = totalDelayedMessagesRead
    if (cache.oldestUnread?.index === index) return
    cache.oldestUnread = undefined
    const cursor = cache.unreadLookup?.index === index ? cache.unreadLookup.cursor : undefined
    try {
      const found = await findLatestLog(client, { address: bridge, events: [messageDelivered], args: { messageIndex: index }, cursor, ...scan })
      cache.oldestUnread = { index, ...(found.latest ? { timestamp: found.latest.timestamp, blockNumber: found.latest.blockNumber } : {}) }
      cache.unreadLookup = undefined
    } catch (error) {
      // Best effort: the batch reading must not fail for it. A scan that ran out of calls goes on next tick.
      cache.unreadLookup = error instanceof LogScanIncompleteError ? { index, cursor: error.cursor } : undefined
    }
  }

  await Promise.all([readBatch(), readOldestUnread()])
  const latest = batchCount === 0n ? undefined : cache.latestBatch
  const unread = cache.oldestUnread

  const deadlineOf = (l1Block: bigint | undefined) => (l1Block === undefined ? undefined : (parameters.forceInclusionDeadline(l1Block) ?? l1Block + delayBlocks))
  // sequencer-lag: the batch-posting window, from the newest batch (a message sent right after it is the first the
  // sequencer could leave out). deposits: the oldest unread message's own deadline (delayedInboxDeposits).
  const deadline = deadlineOf(latest?.blockNumber)

  const batches: BatchObservation = {
    source: 'sequencer-inbox',
    forceInclusionWindowSeconds: delaySeconds,
    ...(deadline !== undefined ? { forceInclusionDeadline: { l1Block: Number(deadline), l1Head: Number(head), l1BlockSeconds } } : {}),
    ...(latest ? { lastBatchAt: latest.timestamp, lastBatchNumber: BigInt(latest.args.batchSequenceNumber ?? batchCount - 1n) } : {}),
  }
  if (!bridge || delayedMessageCount === undefined) return { batches }
  return { batches, deposits: delayedInboxDeposits({ unread, deadline: deadlineOf(unread?.blockNumber), head, delaySeconds, delayedMessageCount, totalDelayedMessagesRead, now: parameters.now }) }
}

/** The delayed inbox as `deposits` sees it: the oldest unread message, its age and its force-inclusion countdown. */
function delayedInboxDeposits({
  unread,
  deadline,
  head,
  delaySeconds,
  delayedMessageCount,
  totalDelayedMessagesRead,
  now,
}: {
  unread: SequencerBatchCache['oldestUnread']
  deadline: bigint | undefined
  head: bigint
  delaySeconds: number
  delayedMessageCount: bigint
  totalDelayedMessagesRead: bigint
  now: number
}): Reading<DepositsObservation> {
  const count = delayedMessageCount > totalDelayedMessagesRead ? Number(delayedMessageCount - totalDelayedMessagesRead) : 0
  const progress = `the sequencer has read ${totalDelayedMessagesRead} of ${delayedMessageCount} delayed messages`
  const base = { source: 'arbitrum-delayed-inbox', forcedInclusion: 'force-inclusion', progress } as const
  if (count === 0) return { ok: true, value: { ...base, pending: 0 } }
  const index = totalDelayedMessagesRead
  // The lookup of its MessageDelivered failed or has not finished (it resumes next tick).
  if (!unread) return { ok: false, error: `${count} delayed message(s) unread; the oldest (#${index}) not yet found on L1` }
  if (unread.timestamp === undefined || deadline === undefined)
    // Not found within the scan's lookback: older than that, so past the force-inclusion delay.
    return {
      ok: true,
      value: {
        ...base,
        pending: count,
        oldest: { id: `delayed message #${index} (older than the L1 log scan reaches)`, sentAt: now - delaySeconds },
        forcedInclusionIn: -1,
      },
    }
  const blocksLeft = Number(deadline - head)
  return { ok: true, value: {
    ...base,
    pending: count,
    oldest: { id: `delayed message #${index}`, sentAt: unread.timestamp, ...(unread.blockNumber !== undefined ? { l1Block: unread.blockNumber } : {}) },
    forcedInclusionIn: blocksLeft * l1BlockSeconds,
    forcedInclusionInBlocks: blocksLeft,
    forcedInclusionBlock: deadline,
  } }
}
