import { createHmac } from 'node:crypto'
import type { AnnouncedMessage, Announcement } from '../alerts/OutboxEntry.js'
import { type StatusChange, worstStatus } from '../types.js'
import { type Channel, DEFAULT_NOTIFY_TIMEOUT_MS } from './Channel.js'
import { postJson } from './postJson.js'

export const signatureHeader = 'X-Watchtower-Signature'

/** `t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`: the receiver recomputes it and rejects old `t`s. */
export function signWebhookBody(secret: string, body: string, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex')}`
}

/** The JSON body of one message: one chain's changes of a delivery (the first incident's id names it). */
export function webhookBody(changes: readonly StatusChange[]): Record<string, unknown> {
  const first = changes[0]!
  return {
    type: 'alert',
    incident: first.incident ?? null,
    chain: first.verdict.chain,
    checks: changes.map((c) => c.verdict.check),
    status: worstStatus(changes.map((c) => c.verdict.status)),
    values: Object.fromEntries(changes.map((c) => [c.verdict.check, { value: c.verdict.value, unit: c.verdict.unit, threshold: c.verdict.threshold }])),
    reason: changes.map((c) => `${c.verdict.check}: ${c.verdict.reason}`).join('; '),
    links: [...new Set(changes.flatMap((c) => (c.link ? [c.link] : [])))],
    changes: changes.map((c) => ({
      kind: c.kind ?? null,
      incident: c.incident ?? null,
      check: c.verdict.check,
      status: c.verdict.status,
      previous: c.previous,
      since: c.since,
      ...(c.previousSince !== undefined ? { previousSince: c.previousSince } : {}),
      ...(c.by ? { by: c.by } : {}),
      ...(c.until !== undefined ? { until: c.until } : {}),
      reason: c.verdict.reason,
    })),
  }
}

/**
 * The JSON body of a breaker or health message: `type: "announcement"`, its `kind`, the announcement (for the
 * breaker also event, action, incident, hashes, paused) and, for health, the alarm as CloudWatch reported it.
 */
export function announcementBody(announcement: Announcement, message?: AnnouncedMessage): Record<string, unknown> {
  return { type: 'announcement', ...(message ? { kind: message.kind } : {}), ...announcement, ...(message?.kind === 'health' ? { alarm: message.alarm } : {}) }
}

/**
 * A JSON POST per message to `urlEnv`'s URL, signed when `secretEnv` is set; a non-2xx answer is a failed send
 * that the outbox retries with backoff like any other. Breaker and health messages go as `type: "announcement"`.
 */
export function createWebhookChannel(url: string, secret: string | undefined, options: { readonly timeoutMs?: number; readonly clock?: () => number } = {}): Channel {
  const timeoutMs = options.timeoutMs ?? DEFAULT_NOTIFY_TIMEOUT_MS
  const clock = options.clock ?? (() => Math.floor(Date.now() / 1000))
  const post = (what: string, chain: string | undefined, payload: Record<string, unknown>) => {
    const body = JSON.stringify(payload)
    const headers = secret ? { [signatureHeader]: signWebhookBody(secret, body, clock()) } : undefined
    return postJson({ channel: 'webhook', what, ...(chain ? { chain } : {}), url, body, ...(headers ? { headers } : {}), timeoutMs, secrets: [url, ...(secret ? [secret] : [])] })
  }
  return {
    name: 'webhook',
    async send(changes) {
      const chain = changes[0]?.verdict.chain
      if (chain !== undefined) await post(`alert for ${chain}`, chain, webhookBody(changes))
      return undefined
    },
    async announce(announcement: Announcement, message) {
      await post(`message "${announcement.title}"`, announcement.chain, announcementBody(announcement, message))
    },
  }
}
