import type { AnnouncedMessage, Announcement } from '../alerts/OutboxEntry.js'
import type { StatusChange } from '../types.js'
import type { LivingMessage, MessageRef, ShownIncident } from './LivingMessage.js'

/** What a channel keeps of a chain's living message after a send (the outbox stores it as a `LivingMessage`). */
export interface SentMessage {
  readonly ref: MessageRef
  readonly incidents: readonly ShownIncident[]
}

/**
 * One destination (Slack, Telegram, PagerDuty, Discord, a webhook, the log): it formats, sends and updates.
 *
 * The outbox groups a chain's due alerts and calls `send` once per chain, so a channel sends one message per
 * chain per delivery instead of one per check: three checks flipping at once is one page, not three. Channels
 * with living messages edit the chain's open message (`message`, as the store last kept it) instead of posting
 * anew. Implementations reject with a `NotifyError` (never leaking a secret) and never retry themselves: the
 * outbox retries with backoff, and a Lambda must not sleep through a rate limit.
 */
export interface Channel {
  /** Channel name used in outcomes, errors and outbox keys, e.g. `slack`. */
  readonly name: string
  /**
   * Tells `changes` (all of one chain): resolves with the living message to keep, or undefined when there is
   * none to keep (the channel has none, or every incident in it is resolved). Resolves without sending when empty.
   */
  send(changes: readonly StatusChange[], message?: LivingMessage): Promise<SentMessage | undefined>
  /**
   * Sends ONE message that is not a status change: a breaker announcement or the watcher's own health (outbox
   * kinds `breaker`, `health`), laid out from `announcement`; `message` is the outbox message it came from (the
   * breaker event, action and incident, or the alarm), for channels that key on them. Channels without it are
   * not routed those messages.
   */
  announce?(announcement: Announcement, message?: AnnouncedMessage): Promise<void>
}

/** Per-request timeout for chat APIs: long enough for a slow API, short enough to leave a tick's budget. */
export const DEFAULT_NOTIFY_TIMEOUT_MS = 10_000
