import type { Address, PublicClient } from 'viem'
import { formatSeconds } from '../../checks/formatSeconds.js'
import type { Alarm, BatchObservation } from '../../types.js'
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
   * be force-included (it applies the pending delay-buffer depletion). Undefined when it cannot be had.
   */
  readonly forceInclusionDeadline: (l1Block: bigint) => Promise<bigint | undefined>
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
 * and the delayed inbox: messages in the Bridge the sequencer has not read (`delayedMessageCount()` vs
 * `totalDelayedMessagesRead()`), raised as an alarm once the L1 head passes the oldest one's
 * `forceInclusionDeadline` (block-based and buffered since BoLD; the countdown to it goes out in blocks).
 * A tick where neither counter moved makes no log scan here.
 */
export async function readSequencerBatches(client: PublicClient, parameters: ReadSequencerBatchesParameters): Promise<BatchObservation> {
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

  // The countdown runs from the oldest unread delayed message; with none, from the newest batch (a message sent
  // right after it is the first the sequencer could be withholding).
  const reference = unread ? unread.blockNumber : latest?.blockNumber
  const deadline = reference === undefined ? undefined : ((await parameters.forceInclusionDeadline(reference)) ?? reference + delayBlocks)

  const alarms: Alarm[] = []
  if (unread && delayedMessageCount !== undefined) {
    const count = delayedMessageCount - totalDelayedMessagesRead
    const what = `${count} delayed message${count === 1n ? '' : 's'} not read by the sequencer`
    if (unread.timestamp === undefined || deadline === undefined)
      alarms.push({ severity: 'crit', message: `${what}; the oldest (#${unread.index}) predates the L1 log scan, past the ${formatSeconds(delaySeconds)} force-inclusion delay` })
    else if (head > deadline)
      alarms.push({
        severity: 'crit',
        message: `${what}; the oldest (#${unread.index}) is ${formatSeconds(Math.max(0, parameters.now - unread.timestamp))} old, past its force-inclusion deadline (L1 block ${deadline}; anyone may force-include it)`,
      })
  }

  return {
    source: 'sequencer-inbox',
    forceInclusionWindowSeconds: delaySeconds,
    ...(deadline !== undefined ? { forceInclusionDeadline: { l1Block: Number(deadline), l1Head: Number(head), l1BlockSeconds } } : {}),
    ...(latest ? { lastBatchAt: latest.timestamp, lastBatchNumber: BigInt(latest.args.batchSequenceNumber ?? batchCount - 1n) } : {}),
    ...(alarms.length > 0 ? { alarms } : {}),
  }
}
