import { FailureQueue, type FailureMode, sendFailure, sendJson, startLoopbackServer } from './loopback.js'

export interface FakePagerdutyEvent {
  readonly routing_key: string
  readonly event_action: 'trigger' | 'acknowledge' | 'resolve'
  readonly dedup_key: string
  readonly payload?: { summary: string; source: string; severity: string; [key: string]: unknown }
  readonly [key: string]: unknown
}

export interface FakePagerdutyChange {
  readonly routing_key: string
  readonly payload: { summary: string; source?: string; timestamp?: string; custom_details?: Record<string, unknown> }
  readonly links?: { href: string; text?: string }[]
}

export interface FakePagerduty {
  /** `http://127.0.0.1:PORT`, for `notify.pagerduty.apiUrl`. */
  readonly apiUrl: string
  /** Alert events accepted (202), in order. */
  readonly events: FakePagerdutyEvent[]
  /** Change events accepted (202, `POST /v2/change/enqueue`), in order. */
  readonly changes: FakePagerdutyChange[]
  /** Every request's path and status. */
  readonly requests: { path: string; status: number }[]
  failNext(count: number, mode: FailureMode): void
  stop(): Promise<void>
}

const actions = ['trigger', 'acknowledge', 'resolve']
const severities = ['critical', 'error', 'warning', 'info']

/**
 * A loopback PagerDuty Events API v2: alert events (`POST /v2/enqueue`), validated as the real one does (routing
 * key, event_action, payload.summary/source/severity for a trigger), answered 202 `{ status, message, dedup_key }`;
 * change events (`POST /v2/change/enqueue`: payload.summary required; not taken on a ruleset key, one starting
 * with `R`, as documented), 202 `{ status, message }`; anything invalid 400 `{ status: 'invalid event', message, errors }`.
 */
export async function startFakePagerduty(options: { readonly routingKey?: string } = {}): Promise<FakePagerduty> {
  const events: FakePagerdutyEvent[] = []
  const changes: FakePagerdutyChange[] = []
  const requests: { path: string; status: number }[] = []
  const failures = new FailureQueue()
  const server = await startLoopbackServer(async (request, raw, response) => {
    const path = new URL(request.url ?? '/', 'http://fake').pathname
    const answer = (status: number, body: unknown) => {
      requests.push({ path, status })
      sendJson(response, status, body)
    }
    const failure = failures.take()
    if (failure) {
      requests.push({ path, status: failure.status })
      return sendFailure(response, failure, { body: { status: 'throttle event', message: 'Requests for this service are arriving too quickly.' } })
    }
    if (request.method !== 'POST' || (path !== '/v2/enqueue' && path !== '/v2/change/enqueue')) return answer(404, { status: 'not found' })
    let event: Record<string, any>
    try {
      event = JSON.parse(raw) as Record<string, any>
    } catch {
      return answer(400, { status: 'invalid event', message: 'Event object is invalid', errors: ['Could not parse JSON'] })
    }
    const errors: string[] = []
    if (typeof event.routing_key !== 'string' || event.routing_key.length !== 32 || (options.routingKey !== undefined && event.routing_key !== options.routingKey)) errors.push("'routing_key' is invalid")
    if (path === '/v2/change/enqueue') {
      if (typeof event.routing_key === 'string' && event.routing_key.startsWith('R')) errors.push("'routing_key' is a ruleset key: change events need a service integration key")
      const p = event.payload as Record<string, unknown> | undefined
      if (!p || typeof p.summary !== 'string' || !p.summary) errors.push("'payload.summary' is missing")
      if (errors.length > 0) return answer(400, { status: 'invalid event', message: 'Event object is invalid', errors })
      changes.push(event as FakePagerdutyChange)
      return answer(202, { status: 'success', message: 'Change event processed' })
    }
    if (!actions.includes(event.event_action)) errors.push("'event_action' is invalid")
    if (event.event_action !== 'trigger' && typeof event.dedup_key !== 'string') errors.push("'dedup_key' is missing")
    if (event.event_action === 'trigger') {
      const p = event.payload as Record<string, unknown> | undefined
      if (!p || typeof p.summary !== 'string' || !p.summary) errors.push("'payload.summary' is missing")
      if (!p || typeof p.source !== 'string' || !p.source) errors.push("'payload.source' is missing")
      if (!p || !severities.includes(String(p.severity))) errors.push("'payload.severity' is invalid")
    }
    if (errors.length > 0) return answer(400, { status: 'invalid event', message: 'Event object is invalid', errors })
    const dedupKey = typeof event.dedup_key === 'string' ? event.dedup_key : `fake-${events.length + 1}`
    events.push({ ...event, dedup_key: dedupKey } as FakePagerdutyEvent)
    return answer(202, { status: 'success', message: 'Event processed', dedup_key: dedupKey })
  })
  return { apiUrl: server.origin, events, changes, requests, failNext: (count, mode) => failures.push(count, mode), stop: () => server.stop() }
}
