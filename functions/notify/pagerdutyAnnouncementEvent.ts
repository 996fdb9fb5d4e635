import type { AnnouncedMessage, Announcement, AnnouncementLevel, BreakerAnnouncement, HealthAlarm } from '../alerts/OutboxEntry.js'

/** A request to the Events API v2: an alert event (`/v2/enqueue`) or a change event (`/v2/change/enqueue`). */
export interface PagerdutyRequest {
  readonly path: '/v2/enqueue' | '/v2/change/enqueue'
  readonly body: Record<string, unknown>
  /** For errors: `trigger`, `resolve` or `change`. */
  readonly what: string
}

const alertSeverity: Readonly<Record<AnnouncementLevel, 'critical' | 'warning' | 'info'>> = { crit: 'critical', warn: 'warning', info: 'info', ok: 'info' }

/**
 * What PagerDuty gets for a message that is not a status change. Alert events (which notify) where someone has to
 * act, each with its own `dedup_key` so the alert lives exactly as long as the condition; change events (which
 * never notify, and show on the service's incidents as recent changes) for what is context only:
 *
 * - breaker pause, `breaker#<action>#<incident>`: `trigger` when the pause is sent, lands or is found in place
 *   (PAUSED, submitted through L1, pending, confirmed on L2, re-sent; critical, already-paused warning) and when
 *   it could NOT pause (critical: pause by hand); follow-ups on the same key add to that alert's log. `resolve`
 *   once the target is no longer held paused (resumed, or the risk is over with nothing paused after a pause was
 *   tried). The rest (shadow "would pause" and its risk over, risk over while still paused, resuming is safe) is a
 *   change event.
 * - breaker readiness, `breaker#<action>#readiness`: `trigger` (warning) on NOT READY, `resolve` on ready again.
 * - health alarms, `watchtower#<alarm>`: ALARM → `trigger` critical, INSUFFICIENT_DATA → warning, OK →
 *   `resolve`; a plain SNS message (state MESSAGE) is a change event.
 * - anything else (a manual request refused, a message without its outbox kind): a change event.
 */
export function pagerdutyAnnouncementEvent(announcement: Announcement, message: AnnouncedMessage | undefined, routingKey: string): PagerdutyRequest {
  if (message?.kind === 'breaker') return breakerEvent(announcement, message.announcement, routingKey)
  if (message?.kind === 'health') return healthEvent(announcement, message.alarm, routingKey)
  return changeEvent(announcement, routingKey)
}

const pauseEvents: ReadonlySet<BreakerAnnouncement['event']> = new Set(['paused', 'submitted', 'pending', 'pause-confirmed', 'replaced', 'already-paused', 'failed'])

function breakerEvent(announcement: Announcement, breaker: BreakerAnnouncement, routingKey: string): PagerdutyRequest {
  const details = { action: breaker.action, event: breaker.event, ...(breaker.incident ? { incident: breaker.incident } : {}), ...(breaker.hashes?.length ? { transactions: breaker.hashes } : {}) }
  const identity = { component: breaker.action, class: `breaker ${breaker.event}` }
  if (breaker.event === 'not-ready') return trigger(announcement, `breaker#${breaker.action}#readiness`, 'warning', routingKey, identity, details)
  if (breaker.event === 'ready') return resolve(`breaker#${breaker.action}#readiness`, routingKey)
  if (breaker.incident) {
    const key = `breaker#${breaker.action}#${breaker.incident}`
    if (pauseEvents.has(breaker.event)) return trigger(announcement, key, breaker.event === 'failed' ? 'critical' : alertSeverity[announcement.level], routingKey, identity, details)
    if (breaker.paused === false && breaker.event !== 'would-pause' && breaker.attempted !== false) return resolve(key, routingKey)
  }
  return changeEvent(announcement, routingKey, details)
}

function healthEvent(announcement: Announcement, alarm: HealthAlarm, routingKey: string): PagerdutyRequest {
  const key = `watchtower#${alarm.alarmName}`
  const details = { alarm: alarm.alarmName, state: alarm.state, reason: alarm.reason, ...(alarm.stage ? { stage: alarm.stage } : {}), ...(alarm.region ? { region: alarm.region } : {}) }
  const identity = { component: alarm.alarmName, class: 'watchtower health' }
  if (alarm.state === 'ALARM') return trigger(announcement, key, 'critical', routingKey, identity, details)
  if (alarm.state === 'INSUFFICIENT_DATA') return trigger(announcement, key, 'warning', routingKey, identity, details)
  if (alarm.state === 'OK') return resolve(key, routingKey)
  return changeEvent(announcement, routingKey, details)
}

function summaryOf(announcement: Announcement): string {
  return (announcement.chain ? `${announcement.chain}: ${announcement.title}` : announcement.title).slice(0, 1024)
}

function customDetails(announcement: Announcement, details: Record<string, unknown>): Record<string, unknown> {
  return { ...details, lines: announcement.lines.join('\n'), ...Object.fromEntries((announcement.facts ?? []).map((fact) => [fact.label, fact.value])) }
}

function linksOf(announcement: Announcement): { links?: { href: string; text: string }[] } {
  const links = (announcement.links ?? []).filter((link) => /^https?:\/\//.test(link.url)).map((link) => ({ href: link.url, text: link.label }))
  return links.length ? { links } : {}
}

function trigger(
  announcement: Announcement,
  dedupKey: string,
  severity: 'critical' | 'warning' | 'info',
  routingKey: string,
  identity: { component: string; class: string },
  details: Record<string, unknown>,
): PagerdutyRequest {
  const source = announcement.chain ?? 'watchtower'
  return {
    path: '/v2/enqueue',
    what: 'trigger',
    body: {
      routing_key: routingKey,
      event_action: 'trigger',
      dedup_key: dedupKey,
      payload: { summary: summaryOf(announcement), source, severity, group: source, ...identity, custom_details: customDetails(announcement, details) },
      ...linksOf(announcement),
    },
  }
}

function resolve(dedupKey: string, routingKey: string): PagerdutyRequest {
  return { path: '/v2/enqueue', what: 'resolve', body: { routing_key: routingKey, event_action: 'resolve', dedup_key: dedupKey } }
}

function changeEvent(announcement: Announcement, routingKey: string, details: Record<string, unknown> = {}): PagerdutyRequest {
  return {
    path: '/v2/change/enqueue',
    what: 'change',
    body: { routing_key: routingKey, payload: { summary: summaryOf(announcement), source: announcement.chain ?? 'watchtower', custom_details: customDetails(announcement, details) }, ...linksOf(announcement) },
  }
}
