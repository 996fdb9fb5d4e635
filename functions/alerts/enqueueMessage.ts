import type { Store } from '../store/Store.js'
import { type ChannelRoute, routesMessage } from './ChannelRoute.js'
import type { OutboxEntry, OutboxMessage } from './OutboxEntry.js'

export interface EnqueueMessageParameters {
  /** Deterministic for the message (see OutboxEntry.id): writing it twice queues it once. */
  readonly id: string
  /** Ordering key: the watched chain, or `watcherOutboxChain`. */
  readonly chain: string
  readonly message: OutboxMessage
  /** Unix seconds (delivery order). Not part of the entry's key: a writer repeating a message at another time queues nothing. */
  readonly now: number
  /** Seconds the message stays deliverable. */
  readonly expirySeconds: number
  /** Group wait: not before this time (default now). */
  readonly notBefore?: number
}

/** Queues a message for every channel that routes it; returns the channels that got a new entry (not a repeat). */
export async function enqueueMessage(store: Store, channels: readonly ChannelRoute[], parameters: EnqueueMessageParameters): Promise<string[]> {
  const { id, chain, message, now, expirySeconds, notBefore = now } = parameters
  const targets = channels.filter((route) => routesMessage(route, message))
  const order = Date.now()
  const written = await Promise.all(
    targets.map((route) => {
      const entry = { id, channel: route.channel.name, chain, createdAt: now, order, notBefore, expiresAt: now + expirySeconds, attempts: 0, nextAttemptAt: now, ...message } as OutboxEntry
      return store.putOutboxEntry(entry)
    }),
  )
  return targets.filter((_, i) => written[i]).map((route) => route.channel.name)
}
