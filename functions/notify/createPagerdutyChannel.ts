import type { PagerdutyConfig } from '../config/schema.js'
import type { Status, StatusChange } from '../types.js'
import { type Channel, DEFAULT_NOTIFY_TIMEOUT_MS } from './Channel.js'
import { describeChange } from './describeChange.js'
import { NotifyError } from './NotifyError.js'
import { pagerdutyAnnouncementEvent } from './pagerdutyAnnouncementEvent.js'
import { postJson } from './postJson.js'

export const DEFAULT_PAGERDUTY_API_URL = 'https://events.pagerduty.com'

/** Events API v2 severities. */
export const pagerdutySeverity: Readonly<Record<Exclude<Status, 'ok'>, 'critical' | 'warning' | 'error'>> = { crit: 'critical', warn: 'warning', unknown: 'error' }

/** One Events API v2 event, or none: PagerDuty re-notifies on its own (no reminders) and has no mute. */
export function pagerdutyEvent(change: StatusChange, routingKey: string): Record<string, unknown> | undefined {
  const { verdict } = change
  const dedupKey = change.incident ?? `${verdict.chain}#${verdict.check}`
  if (change.kind === 'ack') return { routing_key: routingKey, event_action: 'acknowledge', dedup_key: dedupKey }
  if (change.kind === 'resolve' || (change.kind === undefined && verdict.status === 'ok')) return { routing_key: routingKey, event_action: 'resolve', dedup_key: dedupKey }
  if (change.kind === 'remind' || change.kind === 'mute' || verdict.status === 'ok') return undefined
  const d = describeChange(change)
  return {
    routing_key: routingKey,
    // A trigger on an open dedup_key updates that alert (escalation keeps one incident).
    event_action: 'trigger',
    dedup_key: dedupKey,
    payload: {
      summary: `${verdict.chain} ${d.headline}: ${d.reason}`.slice(0, 1024),
      source: verdict.chain,
      severity: pagerdutySeverity[verdict.status],
      timestamp: new Date(change.since * 1000).toISOString(),
      component: verdict.check,
      group: verdict.chain,
      class: verdict.check,
      custom_details: { transition: d.transition, value: d.value, thresholds: d.thresholds, reason: d.reason, ...Object.fromEntries(d.details.map((line) => line.split(': ', 2) as [string, string])) },
    },
    ...(change.link ? { links: [{ href: change.link, text: 'Open in explorer' }] } : {}),
  }
}

/**
 * PagerDuty through the Events API v2 (`POST /v2/enqueue`): `trigger` when an incident opens (or escalates, same
 * `dedup_key` = the incident id), `acknowledge` on `watchtower ack`, `resolve` on recovery. Breaker and health
 * messages as alert or change events (`POST /v2/change/enqueue`), see pagerdutyAnnouncementEvent.
 */
export function createPagerdutyChannel(config: PagerdutyConfig, routingKey: string, options: { readonly timeoutMs?: number } = {}): Channel {
  const base = (config.apiUrl ?? DEFAULT_PAGERDUTY_API_URL).replace(/\/+$/, '')
  const url = `${base}/v2/enqueue`
  const timeoutMs = options.timeoutMs ?? DEFAULT_NOTIFY_TIMEOUT_MS
  return {
    name: 'pagerduty',
    async send(changes) {
      // One event per incident step, in order: a failure throws and the outbox retries the run (PagerDuty dedups).
      for (const change of changes) {
        const event = pagerdutyEvent(change, routingKey)
        if (!event) continue
        await postJson({ channel: 'pagerduty', what: `${event.event_action} for ${change.verdict.chain}`, chain: change.verdict.chain, url, body: JSON.stringify(event), timeoutMs, secrets: [routingKey] })
      }
      return undefined
    },
    async announce(announcement, message) {
      const request = pagerdutyAnnouncementEvent(announcement, message, routingKey)
      const chain = announcement.chain
      try {
        await postJson({
          channel: 'pagerduty',
          what: `${request.what} "${announcement.title}"`,
          ...(chain ? { chain } : {}),
          url: `${base}${request.path}`,
          body: JSON.stringify(request.body),
          timeoutMs,
          secrets: [routingKey],
        })
      } catch (error) {
        // A change event is context only: one PagerDuty refuses for good (a ruleset routing key takes none) must
        // not hold the chain's pages back behind it. A 429 or 5xx is retried like any send.
        if (request.what === 'change' && error instanceof NotifyError && error.status !== undefined && error.status >= 400 && error.status < 500 && error.status !== 429) return
        throw error
      }
    },
  }
}
