import type { StatusChange } from '../types.js'

/**
 * Every message to people is one of these, queued in the outbox before any attempt to send it (plain data:
 * stored as is, formatted per channel at delivery):
 * - `alert`: a status change from the alert engine (open, escalation, reminder, resolved).
 * - `breaker`: a circuit-breaker announcement ("would pause", "PAUSED, tx 0x…", "breaker not ready", follow-ups).
 * - `health`: the watcher's own health (a CloudWatch alarm on the tick function, from the alarm notifier).
 */
export type OutboxMessage =
  | { readonly kind: 'alert'; readonly change: StatusChange }
  | { readonly kind: 'breaker'; readonly announcement: BreakerAnnouncement }
  | { readonly kind: 'health'; readonly alarm: HealthAlarm }

export type OutboxKind = OutboxMessage['kind']

/** A message that is not a status change: what `Channel.announce` is given along with its announcement. */
export type AnnouncedMessage = Exclude<OutboxMessage, { kind: 'alert' }>

export type AnnouncementLevel = 'crit' | 'warn' | 'info' | 'ok'

/** What a breaker announcement is about (channels may thread or style by it). */
export type BreakerEvent =
  | 'would-pause'
  | 'paused'
  | 'submitted'
  | 'pending'
  | 'already-paused'
  | 'failed'
  | 'replaced'
  | 'pause-confirmed'
  | 'resolved'
  | 'resume-safe'
  | 'resumed'
  | 'not-ready'
  | 'ready'
  /** A pause or resume people asked for (chat ops) that was not carried out. */
  | 'manual-refused'

/** A message with a title, plain-text lines and labelled values; escaped and laid out per channel. */
export interface Announcement {
  readonly level: AnnouncementLevel
  /** One line, plain text: `Breaker PAUSED: pause-perps-op`. */
  readonly title: string
  /** Plain-text lines (escaped per channel). */
  readonly lines: readonly string[]
  /** Labelled values shown as code (transaction hashes, addresses). */
  readonly facts?: readonly { readonly label: string; readonly value: string }[]
  readonly links?: readonly { readonly label: string; readonly url: string }[]
  /** The watched chain it is about: channels routed to other chains only (`notify.<channel>.chains`) skip it. */
  readonly chain?: string
}

export interface BreakerAnnouncement extends Announcement {
  readonly event: BreakerEvent
  /** The breaker action (`breaker.actions[].name`). */
  readonly action: string
  /** The action's incident id (`000001`), when the event belongs to one. */
  readonly incident?: string
  /** Transaction hashes the message names. */
  readonly hashes?: readonly string[]
  /**
   * For events about an incident's pause: whether the breaker holds the target paused after this event (a pause
   * sent, landed or found in place, until a resume). A pager keeps one alert open from the pause to the resume.
   */
  readonly paused?: boolean
  /**
   * For `resolved`: whether the breaker sent (or tried to send) a pause in this incident. False in shadow mode and
   * for an incident that never fired: a pager then holds no alert for it, and gets no resolve.
   */
  readonly attempted?: boolean
}

/** A CloudWatch alarm state change about the watcher itself. */
export interface HealthAlarm {
  readonly alarmName: string
  /** `ALARM`, `OK`, `INSUFFICIENT_DATA`, or `MESSAGE` for an SNS publish that is not an alarm. */
  readonly state: string
  readonly previousState?: string
  readonly reason: string
  readonly description?: string
  /** ISO time CloudWatch gives. */
  readonly changedAt?: string
  readonly region?: string
  readonly stage?: string
}

/** The outbox `chain` of messages not about one watched chain (health alarms): ordered among themselves. */
export const watcherOutboxChain = '(watchtower)'

interface OutboxEntryFields {
  /**
   * Deterministic: alerts (chain, check, state version); breaker messages (action, incident, event, step);
   * health alarms (SNS message id). Two writers computing the same message write the same id: one entry.
   */
  readonly id: string
  readonly channel: string
  readonly chain: string
  /** Unix seconds; entries of one chain and channel are delivered in this order… */
  readonly createdAt: number
  /** … and, within one second, in this (epoch milliseconds when queued; absent on older entries: first). */
  readonly order?: number
  /** Not before this time (group wait: other checks firing meanwhile join the message). */
  readonly notBefore: number
  /** Dropped (and logged) after this time if still undelivered. */
  readonly expiresAt: number
  readonly attempts: number
  readonly nextAttemptAt: number
  /** Set while a tick is sending it; another tick may take over after it passes. */
  readonly leaseUntil?: number
  readonly lastError?: string
}

/** One message for one channel, written to the store before any attempt to send it. */
export type OutboxEntry = OutboxEntryFields & OutboxMessage

export type AlertOutboxEntry = OutboxEntryFields & Extract<OutboxMessage, { kind: 'alert' }>

/** Entries stored before kinds existed have only `change`: they are alerts. */
export function withOutboxKind(stored: Record<string, unknown>): OutboxEntry {
  return (stored.kind === undefined ? { ...stored, kind: 'alert' } : stored) as unknown as OutboxEntry
}
