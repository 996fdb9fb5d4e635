import { announcementOf } from '../notify/formatAnnouncement.js'
import type { Channel } from '../notify/Channel.js'
import type { MessageRef } from '../notify/LivingMessage.js'
import { NotifyError } from '../notify/NotifyError.js'
import { maxErrorTextLength, truncateText } from '../errors/truncateText.js'
import type { Store } from '../store/Store.js'
import type { StatusChange } from '../types.js'
import type { ChannelRoute } from './ChannelRoute.js'
import type { OutboxEntry } from './OutboxEntry.js'

export interface DeliveryOutcome {
  readonly channel: string
  readonly chain: string
  /** Alert ids in the message, oldest first. */
  readonly ids: readonly string[]
  readonly result: 'sent' | 'failed' | 'expired'
  readonly error?: string
}

/** How long a tick may hold entries while sending them before another tick may take over. */
export const sendLeaseSeconds = 60
const maxBackoffSeconds = 15 * 60

/** 15 s, 30 s, 1 min, … capped at 15 min; a rate limit's Retry-After wins when longer. */
export function backoffSeconds(attempts: number, retryAfter?: number): number {
  const exponential = Math.min(maxBackoffSeconds, 15 * 2 ** Math.max(0, attempts - 1))
  return Math.max(exponential, retryAfter ?? 0)
}

/**
 * Sends what the outbox holds, per channel and chain: one message with every alert of the chain that is due
 * (breaker and health messages one each, in place), in creation order (a resolved message never goes before its opening one: a failed send keeps the whole
 * chain's queue back). Each entry is claimed with a conditional write first, so concurrent ticks do not both
 * post it; delivered entries are closed (kept as tombstones a day, so a racing tick cannot queue them again); failures are retried on later ticks with backoff until they expire.
 */
export async function deliverOutbox(store: Store, channels: readonly ChannelRoute[], now: number): Promise<DeliveryOutcome[]> {
  if (channels.length === 0) return []
  // One read of the whole queue per tick, not one per channel.
  const queued = await store.getOutbox()
  const outcomes = await Promise.all(channels.map((route) => deliverChannel(store, route, queued.filter((entry) => entry.channel === route.channel.name), now)))
  return outcomes.flat()
}

async function deliverChannel(store: Store, { channel }: ChannelRoute, entriesOfChannel: readonly OutboxEntry[], now: number): Promise<DeliveryOutcome[]> {
  const outcomes: DeliveryOutcome[] = []
  const byChain = new Map<string, OutboxEntry[]>()
  const queued = [...entriesOfChannel].sort((a, b) => a.createdAt - b.createdAt || (a.order ?? 0) - (b.order ?? 0))
  for (const entry of queued) {
    if (entry.expiresAt <= now) {
      await store.closeOutboxEntry(entry, 'expired', now)
      outcomes.push({ channel: channel.name, chain: entry.chain, ids: [entry.id], result: 'expired', ...(entry.lastError ? { error: entry.lastError } : {}) })
      continue
    }
    byChain.set(entry.chain, [...(byChain.get(entry.chain) ?? []), entry])
  }

  // Chains one after another: chat APIs rate-limit per conversation.
  for (const [chain, entries] of byChain) {
    // Group wait: while nothing of the chain is due, later alerts may still join. A due entry — a crit, a breaker or
    // health message — takes the waiting ones along, so the story stays in order and nothing waits behind a warn.
    if (entries.every((entry) => entry.notBefore > now)) continue
    const due: OutboxEntry[] = []
    for (const entry of entries) {
      if (entry.nextAttemptAt > now || (entry.leaseUntil !== undefined && entry.leaseUntil >= now)) break
      if (!(await store.claimOutboxEntry(entry, now + sendLeaseSeconds, now))) break
      due.push(entry)
    }
    if (due.length === 0) continue
    // One message per run of alerts; a breaker or health message on its own. A failure keeps it and everything
    // after it back (ordering), while what went before stays delivered.
    const batches = messageBatches(due)
    for (const [index, batch] of batches.entries()) {
      const ids = batch.map((entry) => entry.id)
      try {
        await send(store, channel, chain, batch, now)
        await Promise.all(batch.map((entry) => store.closeOutboxEntry(entry, 'delivered', now)))
        outcomes.push({ channel: channel.name, chain, ids, result: 'sent' })
      } catch (error) {
        // Stored with the entry and logged: bounded, whatever the chat API answered.
        const message = truncateText(error instanceof NotifyError ? error.shortMessage : String((error as Error).message ?? error), maxErrorTextLength)
        const retryAfter = error instanceof NotifyError ? error.retryAfter : undefined
        const held = batches.slice(index).flat()
        await Promise.all(
          held.map((entry) =>
            store.rescheduleOutboxEntry(entry, {
              attempts: entry.attempts + 1,
              nextAttemptAt: now + backoffSeconds(entry.attempts + 1, retryAfter),
              lastError: message,
            }),
          ),
        )
        outcomes.push({ channel: channel.name, chain, ids: held.map((entry) => entry.id), result: 'failed', error: message })
        break
      }
    }
  }
  return outcomes
}

/** Consecutive alerts together (one message per chain), every other kind alone, order kept. */
function messageBatches(due: readonly OutboxEntry[]): OutboxEntry[][] {
  const batches: OutboxEntry[][] = []
  for (const entry of due) {
    const last = batches.at(-1)
    if (entry.kind === 'alert' && last?.[0]?.kind === 'alert') last.push(entry)
    else batches.push([entry])
  }
  return batches
}

async function send(store: Store, channel: Channel, chain: string, batch: readonly OutboxEntry[], now: number): Promise<void> {
  const first = batch[0]!
  if (first.kind === 'alert') return sendAlerts(store, channel, chain, batch.flatMap((entry) => (entry.kind === 'alert' ? [entry.change] : [])), now)
  const announcement = announcementOf(first)!
  if (!channel.announce) throw new Error(`channel ${channel.name} cannot send ${first.kind} messages`)
  await channel.announce(announcement, first)
}


/**
 * A run of a chain's alerts, sent with the chain's living message: read before, kept (or forgotten once closed) right after, before
 * the entries are closed, so a retry after a crash edits the message rather than posting it twice.
 */
async function sendAlerts(store: Store, channel: Channel, chain: string, changes: readonly StatusChange[], now: number): Promise<void> {
  const message = await store.getLivingMessage(channel.name, chain)
  const sent = await channel.send(changes, message)
  if (sent) {
    const postedAt = message && sameRef(message.ref, sent.ref) ? message.postedAt : now
    await store.putLivingMessage({ channel: channel.name, chain, ref: sent.ref, incidents: sent.incidents, postedAt, updatedAt: now })
  } else if (message) await store.deleteLivingMessage(channel.name, chain)
}

function sameRef(a: MessageRef, b: MessageRef): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}
