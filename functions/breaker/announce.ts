import type { Announcement, BreakerAnnouncement, BreakerEvent } from '../alerts/OutboxEntry.js'
import type { BreakerActionConfig } from '../config/breakerSchema.js'
import { formatConsoleAnnouncement } from '../notify/formatAnnouncement.js'
import { describeError } from '../rpc/describeError.js'
import type { BreakerContext } from './BreakerContext.js'

/** Breaker messages stay deliverable a day (the alerts' default delivery expiry). */
const announcementExpirySeconds = 24 * 3600

export interface AnnounceOptions {
  readonly incident?: string | undefined
  /**
   * Makes the outbox id unique per occurrence and the same for a repeat of it (the attempt, the state version
   * written, …): a writer that repeats the same step queues nothing new.
   */
  readonly step: string | number
  readonly now: number
  readonly hashes?: readonly string[]
  /** Whether the breaker holds the target paused after this event (see BreakerAnnouncement.paused). */
  readonly paused?: boolean | undefined
  /** See BreakerAnnouncement.attempted. */
  readonly attempted?: boolean | undefined
}

/** Queues one announcement in the outbox (kind `breaker`, id `breaker#<action>#<incident>#<event>#<step>`) and logs it. */
export async function announce(
  ctx: Pick<BreakerContext, 'outbox' | 'write'>,
  action: BreakerActionConfig,
  event: BreakerEvent,
  announcement: Announcement,
  { incident, step, now, hashes = [], paused, attempted }: AnnounceOptions,
): Promise<void> {
  const { outbox, write } = ctx
  const message: BreakerAnnouncement = {
    ...announcement,
    event,
    action: action.name,
    ...(incident ? { incident } : {}),
    ...(hashes.length ? { hashes } : {}),
    ...(paused !== undefined ? { paused } : {}),
    ...(attempted !== undefined ? { attempted } : {}),
  }
  if (write) {
    try {
      write(formatConsoleAnnouncement(message))
    } catch {
      // The console line is a convenience; the outbox is the record.
    }
  }
  if (!outbox) return
  try {
    const id = `breaker#${action.name}#${incident ?? '-'}#${event}#${step}`
    await outbox.enqueue({ id, chain: action.chain, message: { kind: 'breaker', announcement: message }, now, expirySeconds: announcementExpirySeconds })
  } catch (error) {
    // The state already moved on; an announcement the store would not take is at least in the log.
    if (write) write(`breaker: could not queue "${message.title}": ${describeError(error)}`)
  }
}
