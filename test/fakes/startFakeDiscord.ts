import { sendJson, startLoopbackServer } from './loopback.js'

export interface FakeDiscord {
  /** `http://127.0.0.1:PORT/api/webhooks/<id>/<token>`: the URL a Discord channel's webhook has. */
  readonly webhookUrl: string
  /** Messages accepted, in order (each with its embeds). */
  readonly messages: { embeds: Record<string, any>[]; allowed_mentions?: unknown; [key: string]: unknown }[]
  /** Every request: its path, query and status. */
  readonly requests: { path: string; wait: boolean; status: number }[]
  /** Answer the next `count` requests 429 with `retry_after` seconds (body and header, as Discord does). */
  rateLimitNext(count: number, retryAfterSeconds: number): void
  stop(): Promise<void>
}

/**
 * A loopback Discord incoming webhook (`POST /api/webhooks/<id>/<token>[?wait=true]`): 400 for a message with no
 * content and no embeds or more than 10 embeds, 401 for a wrong token, 429 `{ message, retry_after, global }`
 * plus `Retry-After` when told to; with `wait=true` the created message comes back, else 204.
 */
export async function startFakeDiscord(): Promise<FakeDiscord> {
  const id = '112233445566778899'
  const token = 'fakeWebhookToken_abc123'
  const messages: FakeDiscord['messages'] = []
  const requests: FakeDiscord['requests'] = []
  let limited: { count: number; seconds: number } = { count: 0, seconds: 0 }
  const server = await startLoopbackServer(async (request, raw, response) => {
    const url = new URL(request.url ?? '/', 'http://fake')
    const wait = url.searchParams.get('wait') === 'true'
    const answer = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      requests.push({ path: url.pathname, wait, status })
      if (body === undefined) {
        response.writeHead(status, headers)
        response.end()
      } else sendJson(response, status, body, headers)
    }
    const match = /^\/api\/webhooks\/(\d+)\/([^/]+)$/.exec(url.pathname)
    if (request.method !== 'POST' || !match) return answer(404, { message: '404: Not Found', code: 0 })
    if (match[1] !== id || match[2] !== token) return answer(401, { message: 'Invalid Webhook Token', code: 50027 })
    if (limited.count > 0) {
      limited = { ...limited, count: limited.count - 1 }
      return answer(429, { message: 'You are being rate limited.', retry_after: limited.seconds, global: false }, { 'retry-after': String(Math.ceil(limited.seconds)) })
    }
    const body = JSON.parse(raw || '{}') as FakeDiscord['messages'][number]
    const embeds = Array.isArray(body.embeds) ? body.embeds : []
    if (!body.content && embeds.length === 0) return answer(400, { message: 'Cannot send an empty message', code: 50006 })
    if (embeds.length > 10) return answer(400, { message: 'Invalid Form Body', code: 50035 })
    if (embeds.some((e) => typeof e.title === 'string' && e.title.length > 256)) return answer(400, { message: 'Invalid Form Body', code: 50035 })
    messages.push({ ...body, embeds })
    return wait ? answer(200, { id: String(1000 + messages.length), type: 0, channel_id: '998877', embeds, webhook_id: id }) : answer(204)
  })
  return {
    webhookUrl: `${server.origin}/api/webhooks/${id}/${token}`,
    messages,
    requests,
    rateLimitNext: (count, seconds) => {
      limited = { count, seconds }
    },
    stop: () => server.stop(),
  }
}
