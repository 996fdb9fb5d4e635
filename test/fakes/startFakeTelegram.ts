import { STATUS_CODES } from 'node:http'
import { checkTelegramHtml, stripTelegramHtml } from './checkTelegramHtml.js'
import { decodeBody, FailureQueue, sendFailure, sendJson, startLoopbackServer, type FailureMode } from './loopback.js'

export interface FakeTelegramRequest {
  /** Bot API method, e.g. `sendMessage`. */
  readonly method: string
  /** The token from the `/bot<token>/` path. */
  readonly token: string
  readonly body: Record<string, any>
}

export interface FakeTelegramOptions {
  /** When set, any other token gets 401 Unauthorized, as the real API answers. */
  readonly token?: string
}

export interface FakeTelegram {
  /** `http://127.0.0.1:PORT`, for `new Telegraf(token, { telegram: { apiRoot } })`. */
  readonly apiRoot: string
  /** Every request received, failed ones included, in order. */
  readonly requests: FakeTelegramRequest[]
  /**
   * Answer the next `count` requests with `mode`. Default bodies: 429 → `{ ok: false, error_code: 429,
   * description: 'Too Many Requests: retry after 5', parameters: { retry_after: 5 } }`; others → an
   * `{ ok: false, error_code, description }` for the status.
   */
  failNext(count: number, mode: FailureMode): void
  /** Queues an update for getUpdates (its update_id assigned in order); long polls waiting get it at once. */
  pushUpdate(update: Record<string, unknown>): number
  /** Messages as they stand now (after editMessageText), by message_id. */
  readonly messages: Map<number, FakeTelegramMessage>
  stop(): Promise<void>
}

export interface FakeTelegramMessage {
  readonly chatId: string
  readonly messageId: number
  /** As sent (HTML when parse_mode is HTML). */
  readonly text: string
  /** The message it replies to. */
  readonly replyTo?: number
  /** How many times editMessageText changed it. */
  readonly edits: number
}

const RATE_LIMITED = {
  ok: false,
  error_code: 429,
  description: 'Too Many Requests: retry after 5',
  parameters: { retry_after: 5 },
}

/** A loopback stand-in for the Telegram Bot API (`/bot<token>/<method>`): getMe, sendMessage (replies too), editMessageText. */
export async function startFakeTelegram(options: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  const requests: FakeTelegramRequest[] = []
  const failures = new FailureQueue()
  let messageId = 0
  const updates: Record<string, unknown>[] = []
  let nextUpdateId = 1
  const waiting = new Set<() => void>()
  const sent = new Map<number, FakeTelegramMessage>()

  const server = await startLoopbackServer(async (request, raw, response) => {
    const url = new URL(request.url ?? '/', 'http://fake')
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname)
    if (!match?.[1] || !match[2]) return sendJson(response, 404, { ok: false, error_code: 404, description: 'Not Found' })
    const token = decodeURIComponent(match[1])
    const method = match[2]
    const body = decodeBody(request.headers['content-type'], raw || url.search.slice(1))
    requests.push({ method, token, body })

    const failure = failures.take()
    if (failure)
      return sendFailure(response, failure, {
        body:
          failure.status === 429
            ? RATE_LIMITED
            : { ok: false, error_code: failure.status, description: STATUS_CODES[failure.status] ?? 'Error' },
        headers: failure.status === 429 ? { 'retry-after': '5' } : {},
      })

    if (options.token !== undefined && token !== options.token)
      return sendJson(response, 401, { ok: false, error_code: 401, description: 'Unauthorized' })

    const bot = { id: botId(token), is_bot: true, first_name: 'Watchtower Fake', username: 'watchtower_fake_bot' }
    switch (method) {
      case 'getUpdates': {
        // Long polling as the Bot API does it: updates with update_id >= offset; wait up to `timeout` seconds for one.
        const offset = Number(body.offset ?? 0)
        const pending = () => updates.filter((u) => (u.update_id as number) >= offset)
        if (pending().length === 0 && Number(body.timeout ?? 0) > 0)
          await new Promise<void>((resolve) => {
            const wake = () => {
              clearTimeout(timer)
              waiting.delete(wake)
              resolve()
            }
            const timer = setTimeout(wake, Math.min(Number(body.timeout), 30) * 1000)
            waiting.add(wake)
          })
        return sendJson(response, 200, { ok: true, result: pending() })
      }
      case 'answerCallbackQuery':
        return body.callback_query_id ? sendJson(response, 200, { ok: true, result: true }) : badRequest(response, 'Bad Request: query is too old or query ID is invalid')
      case 'getMe':
        return sendJson(response, 200, { ok: true, result: { ...bot, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false } })
      case 'sendMessage': {
        if (body.chat_id === undefined || body.chat_id === '')
          return badRequest(response, 'Bad Request: chat_id is empty')
        const text = typeof body.text === 'string' ? body.text : ''
        if (!text.trim()) return badRequest(response, 'Bad Request: message text is empty')
        const parseError = body.parse_mode === 'HTML' ? checkTelegramHtml(text) : undefined
        if (parseError) return badRequest(response, parseError)
        const replyTo = replyTarget(body)
        if (replyTo !== undefined && !sent.has(replyTo.messageId) && !replyTo.withoutReply) return badRequest(response, 'Bad Request: message to be replied not found')
        messageId += 1
        sent.set(messageId, { chatId: String(body.chat_id), messageId, text, ...(replyTo && sent.has(replyTo.messageId) ? { replyTo: replyTo.messageId } : {}), edits: 0 })
        const chatId = /^-?\d+$/.test(String(body.chat_id)) ? Number(body.chat_id) : String(body.chat_id)
        return sendJson(response, 200, {
          ok: true,
          result: {
            message_id: messageId,
            from: bot,
            chat: { id: chatId, type: typeof chatId === 'number' && chatId < 0 ? 'supergroup' : 'private' },
            date: Math.floor(Date.now() / 1000),
            text: body.parse_mode === 'HTML' ? stripTelegramHtml(text) : text,
          },
        })
      }
      case 'editMessageText': {
        const message = sent.get(Number(body.message_id))
        if (!message || message.chatId !== String(body.chat_id)) return badRequest(response, 'Bad Request: message to edit not found')
        const text = typeof body.text === 'string' ? body.text : ''
        if (!text.trim()) return badRequest(response, 'Bad Request: message text is empty')
        const parseError = body.parse_mode === 'HTML' ? checkTelegramHtml(text) : undefined
        if (parseError) return badRequest(response, parseError)
        if (text === message.text)
          return badRequest(response, 'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message')
        sent.set(message.messageId, { ...message, text, edits: message.edits + 1 })
        return sendJson(response, 200, {
          ok: true,
          result: { message_id: message.messageId, from: bot, chat: { id: Number(message.chatId) || message.chatId }, date: Math.floor(Date.now() / 1000), edit_date: Math.floor(Date.now() / 1000), text: body.parse_mode === 'HTML' ? stripTelegramHtml(text) : text },
        })
      }
      default:
        return sendJson(response, 404, { ok: false, error_code: 404, description: 'Not Found' })
    }
  })

  return {
    apiRoot: server.origin,
    requests,
    failNext: (count, mode) => failures.push(count, mode),
    messages: sent,
    pushUpdate(update) {
      const id = nextUpdateId++
      updates.push({ ...update, update_id: id })
      for (const wake of [...waiting]) wake()
      return id
    },
    stop: () => {
      for (const wake of [...waiting]) wake()
      return server.stop()
    },
  }
}

function badRequest(response: Parameters<typeof sendJson>[0], description: string) {
  sendJson(response, 400, { ok: false, error_code: 400, description })
}

/** Real bot tokens start with the bot's numeric id (`123456:ABC…`). */
function botId(token: string): number {
  const id = /^(\d+):/.exec(token)?.[1]
  return id ? Number(id) : 1_000_001
}

/** `reply_parameters` (Bot API 7.0+) or the older `reply_to_message_id`; JSON bodies keep objects, forms hold a JSON string. */
function replyTarget(body: Record<string, any>): { messageId: number; withoutReply: boolean } | undefined {
  const raw = typeof body.reply_parameters === 'string' ? (JSON.parse(body.reply_parameters) as Record<string, unknown>) : body.reply_parameters
  if (raw && typeof raw === 'object' && raw.message_id !== undefined) return { messageId: Number(raw.message_id), withoutReply: raw.allow_sending_without_reply === true }
  if (body.reply_to_message_id !== undefined) return { messageId: Number(body.reply_to_message_id), withoutReply: body.allow_sending_without_reply === true || body.allow_sending_without_reply === 'true' }
  return undefined
}
