import type { Address, PublicClient } from 'viem'
import { formatSeconds } from '../../checks/formatSeconds.js'
import type { Alarm, BatchObservation } from '../../types.js'
import { type FindLatestLogParameters, findLatestLog, LogScanIncompleteError } from '../findLatestLog.js'
import type { CursorStore, FoundLog, LogCursor } from '../LogCursor.js'
import { bridgeAbi, sequencerInboxAbi } from './abis.js'
import { scanLatestLog } from '../scanLatestLog.js'

const batchDelivered = sequencerInboxAbi.find((item) => item.type === 'event' && item.name === 'SequencerBatchDelivered')!
const messageDelivered = bridgeAbi.find((item) => item.type === 'event' && item.name === 'MessageDelivered')!

/** What the reader remembers between ticks: log scans run only when the counters read every tick moved. */
export interface SequencerBatchCache {
  /** batchCount() whose newest batch log has been seen. */
  batchCount?: bigint
  latestBatch?: FoundLog
  /** The oldest delayed message not yet read by the sequencer (index = totalDelayedMessagesRead), once looked up. */
  oldestUnread?: { readonly index: bigint; readonly timestamp?: number }
  /** A lookup of that message that ran out of calls: it resumes from here next tick. */
  unreadLookup?: { readonly index: bigint; readonly cursor: LogCursor }
}

export interface ReadSequencerBatchesParameters {
  readonly sequencerInbox: Address
  readonly bridge?: Address
  /** L1 head the counters below were read at. */
  readonly head: bigint
  readonly batchCount: bigint
  /** SequencerInbox.maxTimeVariation().delaySeconds: how long before a delayed message can be force-included. */
  readonly delaySeconds: number
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
 * `totalDelayedMessagesRead()`), raised as an alarm once the oldest is past the force-inclusion delay.
 * A tick where neither counter moved makes no request here.
 */
export async function readSequencerBatches(client: PublicClient, parameters: ReadSequencerBatchesParameters): Promise<BatchObservation> {
  const { sequencerInbox, bridge, head, batchCount, delaySeconds, totalDelayedMessagesRead, delayedMessageCount, cache, cursors, now } = parameters
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
      cache.oldestUnread = { index, ...(found.latest ? { timestamp: found.latest.timestamp } : {}) }
      cache.unreadLookup = undefined
    } catch (error) {
      // Best effort: the batch reading must not fail for it. A scan that ran out of calls goes on next tick.
      cache.unreadLookup = error instanceof LogScanIncompleteError ? { index, cursor: error.cursor } : undefined
    }
  }

  await Promise.all([readBatch(), readOldestUnread()])

  const alarms: Alarm[] = []
  const unread = cache.oldestUnread
  if (unread && delayedMessageCount !== undefined) {
    const count = delayedMessageCount - totalDelayedMessagesRead
    const what = `${count} delayed message${count === 1n ? '' : 's'} not read by the sequencer`
    if (unread.timestamp === undefined)
      alarms.push({ severity: 'crit', message: `${what}; the oldest (#${unread.index}) predates the L1 log scan, past the ${formatSeconds(delaySeconds)} force-inclusion delay` })
    else if (now - unread.timestamp >= delaySeconds)
      alarms.push({
        severity: 'crit',
        message: `${what}; the oldest (#${unread.index}) is ${formatSeconds(now - unread.timestamp)} old, past the ${formatSeconds(delaySeconds)} force-inclusion delay (anyone may force-include it)`,
      })
  }

  const latest = batchCount === 0n ? undefined : cache.latestBatch
  return {
    source: 'sequencer-inbox',
    forceInclusionWindowSeconds: delaySeconds,
    ...(latest ? { lastBatchAt: latest.timestamp, lastBatchNumber: BigInt(latest.args.batchSequenceNumber ?? batchCount - 1n) } : {}),
    ...(alarms.length > 0 ? { alarms } : {}),
  }
}
