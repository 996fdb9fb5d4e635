import type { Status, StatusChange } from '../types.js'
import { formatDuration } from './formatDuration.js'
import { formatValue } from './formatValue.js'

export const statusEmoji: Readonly<Record<Status, string>> = { ok: '✅', warn: '⚠️', crit: '🚨', unknown: '❔' }

/** Reasons come from RPC errors and the like; cap them so a message stays within Slack/Telegram limits. */
const MAX_REASON_LENGTH = 500

/** The channel-neutral, unescaped wording of one status change; formatters add markup and escaping. */
export interface ChangeDescription {
  readonly chain: string
  readonly check: string
  readonly status: Status
  readonly emoji: string
  /** `liveness CRIT` or `liveness resolved`: for headers and notification previews. */
  readonly headline: string
  /** `ok → crit`, `warn → crit (warn for 12 min)`, `resolved (crit for 47 min)`. */
  readonly transition: string
  /** For the plain-text fallback: `liveness CRIT` or `liveness OK (resolved after 47 min)`. */
  readonly summary: string
  /** `47 min`, or `not measured` when the value is null. */
  readonly value: string
  /** `warn 10 min, crit 30 min`. */
  readonly thresholds: string
  readonly reason: string
  /** Unix seconds since the new status holds. */
  readonly since: number
  /** `2024-05-01 12:00 UTC`. */
  readonly sinceUtc: string
  /** `blocksBehind: 12`, one per verdict detail. */
  readonly details: readonly string[]
}

export function describeChange(change: StatusChange): ChangeDescription {
  const { verdict, previous } = change
  const resolved = verdict.status === 'ok' && previous !== 'ok'
  // How long the previous status held; only worth saying when it was a problem ("ok for 3 d" is noise).
  const lasted =
    previous !== 'ok' && change.previousSince !== undefined && change.since >= change.previousSince
      ? formatDuration(change.since - change.previousSince)
      : undefined
  const openFor = change.previousSince !== undefined && change.since >= change.previousSince ? formatDuration(change.since - change.previousSince) : undefined
  const reminder = change.kind === 'remind'
  const byWhom = change.by ? ` by ${change.by}` : ''
  const transition = resolved
    ? `resolved (${lasted === undefined ? `was ${previous}` : `${previous} for ${lasted}`})`
    : change.kind === 'ack'
      ? `still ${verdict.status}: acknowledged${byWhom}`
      : change.kind === 'mute'
        ? `still ${verdict.status}: muted${change.until === undefined ? '' : ` until ${formatUtc(change.until)}`}${byWhom}`
        : reminder
      ? `still ${verdict.status}${openFor === undefined ? '' : ` (open for ${openFor})`}: reminder`
      : change.kind === 'escalate'
        ? `${previous} → ${verdict.status}${openFor === undefined ? '' : ` (incident open for ${openFor})`}`
        : `${previous} → ${verdict.status}${lasted === undefined ? '' : ` (${previous} for ${lasted})`}`
  const statusWord = verdict.status.toUpperCase()
  return {
    chain: verdict.chain,
    check: verdict.check,
    status: verdict.status,
    emoji: statusEmoji[verdict.status],
    headline: `${verdict.check} ${resolved ? 'resolved' : statusWord}`,
    transition,
    summary: resolved
      ? `${verdict.check} ${statusWord} (resolved${lasted === undefined ? '' : ` after ${lasted}`})`
      : reminder
        ? `${verdict.check} ${statusWord} (reminder${openFor === undefined ? '' : `, open for ${openFor}`})`
        : change.kind === 'ack' || change.kind === 'mute'
          ? `${verdict.check} ${statusWord} (${change.kind === 'ack' ? 'acknowledged' : 'muted'}${byWhom})`
          : `${verdict.check} ${statusWord}`,
    value: verdict.value === null ? 'not measured' : formatValue(verdict.value, verdict.unit),
    thresholds: `warn ${formatValue(verdict.threshold.warn, verdict.unit)}, crit ${formatValue(verdict.threshold.crit, verdict.unit)}`,
    reason: truncate(verdict.reason, MAX_REASON_LENGTH),
    since: change.since,
    sinceUtc: formatUtc(change.since),
    details: Object.entries(verdict.details ?? {}).map(([key, value]) => `${key}: ${formatDetail(value)}`),
  }
}

function formatDetail(value: string | number | boolean | null): string {
  if (value === null) return 'n/a'
  if (typeof value === 'boolean') return value ? 'yes' : 'no'
  return truncate(String(value), 100)
}

export function formatUtc(unixSeconds: number): string {
  const date = new Date(unixSeconds * 1000)
  if (Number.isNaN(date.getTime())) return 'unknown time'
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}
