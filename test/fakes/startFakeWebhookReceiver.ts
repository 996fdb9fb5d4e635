import { createHmac, timingSafeEqual } from 'node:crypto'
import { sendJson, startLoopbackServer } from './loopback.js'

export interface FakeWebhookReceiver {
  readonly url: string
  /** Bodies whose signature verified (or every body, without a secret), parsed, in order. */
  readonly accepted: Record<string, any>[]
  /** Every request: the status answered and, when refused, why. */
  readonly requests: { status: number; refused?: string }[]
  /** Answer the next `count` requests with this status (a receiver having a bad minute). */
  failNext(count: number, status: number): void
  stop(): Promise<void>
}

/**
 * A receiver as an integrator would write one: with a secret, it recomputes `X-Watchtower-Signature`
 * (`t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`) over the raw body, compares in constant time, and
 * refuses (401) a missing, wrong or older-than-5-minutes signature.
 */
export async function startFakeWebhookReceiver(options: { readonly secret?: string; readonly now?: () => number } = {}): Promise<FakeWebhookReceiver> {
  const accepted: Record<string, any>[] = []
  const requests: FakeWebhookReceiver['requests'] = []
  let failures: { count: number; status: number } = { count: 0, status: 500 }
  const now = options.now ?? (() => Math.floor(Date.now() / 1000))
  const server = await startLoopbackServer(async (request, raw, response) => {
    const refuse = (why: string) => {
      requests.push({ status: 401, refused: why })
      sendJson(response, 401, { error: why })
    }
    if (failures.count > 0) {
      failures = { ...failures, count: failures.count - 1 }
      requests.push({ status: failures.status })
      return sendJson(response, failures.status, { error: 'try again' })
    }
    if (options.secret !== undefined) {
      const header = request.headers['x-watchtower-signature']
      const match = typeof header === 'string' ? /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header) : null
      if (!match) return refuse('missing or malformed signature')
      const expected = createHmac('sha256', options.secret).update(`${match[1]}.${raw}`).digest()
      if (!timingSafeEqual(expected, Buffer.from(match[2]!, 'hex'))) return refuse('signature mismatch')
      if (Math.abs(now() - Number(match[1])) > 300) return refuse('signature too old')
    }
    accepted.push(JSON.parse(raw) as Record<string, any>)
    requests.push({ status: 204 })
    response.writeHead(204)
    response.end()
  })
  return {
    url: `${server.origin}/hooks/watchtower`,
    accepted,
    requests,
    failNext: (count, status) => {
      failures = { count, status }
    },
    stop: () => server.stop(),
  }
}
