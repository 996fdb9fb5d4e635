import type { Store } from '../store/Store.js'
import type { ChannelRoute } from './ChannelRoute.js'
import { type DeliveryOutcome, deliverOutbox } from './deliverOutbox.js'
import { type EnqueueMessageParameters, enqueueMessage } from './enqueueMessage.js'

/** The outbox as a writer outside the tick holds it (the breaker, commands, the alarm notifier). */
export interface Outbox {
  /** Queues for every routed channel; the channels that got a new entry (a repeated id queues nothing). */
  enqueue(parameters: EnqueueMessageParameters): Promise<string[]>
  /** Sends what is due (retries included), as a tick does. */
  deliver(now: number): Promise<DeliveryOutcome[]>
  /** New entries queued through this writer so far (a caller compares it before and after a step). */
  readonly queued: number
}

export function createOutbox(store: Store, channels: readonly ChannelRoute[]): Outbox {
  let queued = 0
  return {
    async enqueue(parameters) {
      const written = await enqueueMessage(store, channels, parameters)
      queued += written.length
      return written
    },
    async deliver(now) {
      return deliverOutbox(store, channels, now)
    },
    get queued() {
      return queued
    },
  }
}
