import type { Announcement } from '../alerts/OutboxEntry.js'
import type { StatusChange } from '../types.js'

/**
 * One alert channel (Slack, Telegram, the log, …).
 *
 * The caller groups a tick's changes by chain and calls `notify` once per chain, so a channel sends one
 * message per chain per tick instead of one per check: three checks flipping at once is one page, not three.
 * Implementations reject with a `NotifyError` (never leaking a secret) and never retry themselves: the next
 * tick is the retry, and a Lambda must not sleep through a rate limit.
 */
export interface Notifier {
  /** Channel name used in outcomes and errors, e.g. `slack`. */
  readonly name: string
  /** Sends ONE message for `changes`, which all share `verdict.chain`. Resolves without sending when empty. */
  notify(changes: readonly StatusChange[]): Promise<void>
  /**
   * Sends ONE message that is not a status change: a breaker announcement or the watcher's own health (outbox
   * kinds `breaker`, `health`). Channels without it are not routed those messages.
   */
  announce?(announcement: Announcement): Promise<void>
}

/** Per-request timeout for chat APIs: long enough for a slow API, short enough to leave a tick's budget. */
export const DEFAULT_NOTIFY_TIMEOUT_MS = 10_000
