import { STATUS_CODES } from 'node:http'
import { decodeBody, FailureQueue, sendFailure, sendJson, sendText, startLoopbackServer, type FailureMode } from './loopback.js'

export interface FakeSlackRequest {
  /** Web API method, e.g. `chat.postMessage`. */
  readonly method: string
  /** Bearer token (or the form `token` field); '' when none was sent. */
  readonly token: string
  /** Form-decoded (or JSON) body; JSON-string fields such as `blocks` are parsed. */
  readonly body: Record<string, any>
  /** The HTTP status of an injected failure (failNext / outage); absent when the fake answered normally. */
  readonly failedWith?: number
}

export interface FakeSlackOptions {
  /** When set, any other token gets `{ ok: false, error: 'invalid_auth' }` (none: `not_authed`). */
  readonly token?: string
}

export interface FakeSlack {
  /** `http://127.0.0.1:PORT/api/`, for `WebClient({ slackApiUrl })`. */
  readonly apiUrl: string
  /** A response_url on this server (`/response/<id>`), as Slack puts in slash-command and interactivity payloads. */
  responseUrl(id: string): string
  /** JSON bodies POSTed to response URLs, in order. */
  readonly responses: { readonly id: string; readonly body: Record<string, any> }[]
  /** Every request received, failed ones included, in order. */
  readonly requests: FakeSlackRequest[]
  /**
   * Answer the next `count` requests with `mode`. Defaults by status: 429 → `Retry-After: 1` and
   * `{ ok: false, error: 'ratelimited' }`; anything else → the status text as a plain body.
   */
  failNext(count: number, mode: FailureMode): void
  /** Answer every request with `mode` until `recover()` (after any failNext queue): Slack is down for a while. */
  outage(mode: FailureMode): void
  recover(): void
  /** chat.postMessage requests Slack accepted (not failed by injection), in order. */
  posted(): FakeSlackRequest[]
  /** Messages as they stand now (after chat.update), by `ts`; replies carry `thread_ts`. */
  readonly messages: Map<string, FakeSlackMessage>
  stop(): Promise<void>
}

export interface FakeSlackMessage {
  readonly channel: string
  readonly ts: string
  readonly text: string
  readonly blocks?: unknown
  readonly thread_ts?: string
  /** How many times chat.update changed it. */
  readonly edits: number
}

/** Fields the Web API accepts as JSON strings inside form bodies. */
const JSON_FIELDS = ['blocks', 'attachments', 'metadata']

/** A loopback stand-in for Slack's Web API (`POST /api/<method>`): chat.postMessage (threads too), chat.update, auth.test. */
export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const requests: FakeSlackRequest[] = []
  const responses: { id: string; body: Record<string, any> }[] = []
  const failures = new FailureQueue()
  let down: FailureMode | undefined
  let messages = 0
  const stored = new Map<string, FakeSlackMessage>()

  const server = await startLoopbackServer(async (request, raw, response) => {
    const url = new URL(request.url ?? '/', 'http://fake')
    const hook = /^\/response\/([A-Za-z0-9_-]+)$/.exec(url.pathname)
    if (hook?.[1] && request.method === 'POST') {
      // Slack's response_url answers a bare "ok" (or an error text such as "no_text").
      const body = JSON.parse(raw || '{}') as Record<string, any>
      responses.push({ id: hook[1], body })
      return body.text || body.blocks ? sendText(response, 200, 'ok') : sendText(response, 400, 'no_text')
    }
    const match = /^\/api\/([A-Za-z.]+)$/.exec(url.pathname)
    if (!match?.[1]) return sendText(response, 404, 'Not Found')
    const body = parseJsonFields(decodeBody(request.headers['content-type'], raw || url.search.slice(1)))
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1]
    const token = bearer ?? (typeof body.token === 'string' ? body.token : '')
    const method = match[1]
    const failure = failures.take() ?? down
    requests.push({ method, token, body, ...(failure ? { failedWith: failure.status } : {}) })

    if (failure)
      return sendFailure(response, failure, {
        body: failure.status === 429 ? { ok: false, error: 'ratelimited' } : (STATUS_CODES[failure.status] ?? 'Error'),
        headers: failure.status === 429 ? { 'retry-after': '1' } : {},
      })

    // Slack answers API-level errors with HTTP 200 and ok: false.
    if (options.token !== undefined && token !== options.token)
      return sendJson(response, 200, { ok: false, error: token ? 'invalid_auth' : 'not_authed' })

    switch (method) {
      case 'auth.test':
        return sendJson(response, 200, { ok: true, url: 'https://fake.slack.com/', team: 'Fake', user: 'watchtower', team_id: 'T0FAKE', user_id: 'U0FAKE', bot_id: 'B0FAKE' })
      case 'chat.postMessage': {
        if (!body.channel) return sendJson(response, 200, { ok: false, error: 'channel_not_found' })
        if (!body.text && !body.blocks) return sendJson(response, 200, { ok: false, error: 'no_text' })
        if (body.thread_ts !== undefined && !stored.has(String(body.thread_ts))) return sendJson(response, 200, { ok: false, error: 'thread_not_found' })
        messages += 1
        const ts = `${Math.floor(Date.now() / 1000)}.${String(messages).padStart(6, '0')}`
        stored.set(ts, { channel: String(body.channel), ts, text: String(body.text ?? ''), blocks: body.blocks, ...(body.thread_ts !== undefined ? { thread_ts: String(body.thread_ts) } : {}), edits: 0 })
        return sendJson(response, 200, {
          ok: true,
          channel: body.channel,
          ts,
          message: { type: 'message', bot_id: 'B0FAKE', text: body.text ?? '', ts },
        })
      }
      case 'chat.update': {
        // Slack wants the channel ID the message was posted to, and edits only messages that exist.
        const message = stored.get(String(body.ts))
        if (!message || message.channel !== body.channel) return sendJson(response, 200, { ok: false, error: 'message_not_found' })
        if (!body.text && !body.blocks) return sendJson(response, 200, { ok: false, error: 'no_text' })
        stored.set(message.ts, { ...message, text: String(body.text ?? ''), blocks: body.blocks, edits: message.edits + 1 })
        return sendJson(response, 200, { ok: true, channel: message.channel, ts: message.ts, text: body.text ?? '' })
      }
      default:
        return sendJson(response, 200, { ok: false, error: 'unknown_method' })
    }
  })

  return {
    apiUrl: `${server.origin}/api/`,
    responseUrl: (id) => `${server.origin}/response/${id}`,
    responses,
    requests,
    failNext: (count, mode) => failures.push(count, mode),
    outage: (mode) => {
      down = mode
    },
    recover: () => {
      down = undefined
    },
    posted: () => requests.filter((r) => r.method === 'chat.postMessage' && r.failedWith === undefined),
    messages: stored,
    stop: () => server.stop(),
  }
}

function parseJsonFields(body: Record<string, any>): Record<string, any> {
  for (const field of JSON_FIELDS)
    if (typeof body[field] === 'string') {
      try {
        body[field] = JSON.parse(body[field] as string)
      } catch {
        // Leave it as sent: a test may want to see the malformed string.
      }
    }
  return body
}
