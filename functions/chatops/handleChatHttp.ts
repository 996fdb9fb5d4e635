import type { ChatopsConfig } from '../config/chatopsSchema.js'
import type { ChatAnswer, ChatopsDependencies } from './handleChatRequest.js'
import { handleChatRequest } from './handleChatRequest.js'
import { parseSlackRequest } from './parseSlackRequest.js'
import { parseTelegramUpdate } from './parseTelegramUpdate.js'
import { sendSlackAnswer, sendTelegramAnswer } from './sendChatAnswer.js'
import { describeUser } from './ChatCommand.js'
import { verifySlackSignature } from './verifySlackSignature.js'
import { verifyTelegramSecret } from './verifyTelegramSecret.js'

export interface ChatHttpRequest {
  readonly method: string
  readonly path: string
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string | undefined>>
  /** Raw body, exactly as received. */
  readonly body: string
}

export interface ChatHttpResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
  /**
   * What is done after the response is sent (Slack wants an answer within 3 seconds: acknowledge first, work
   * after). Never rejects: failures go to `log`.
   */
  readonly work?: () => Promise<void>
}

export interface ChatHttpDependencies extends ChatopsDependencies {
  readonly config: ChatopsDependencies['config'] & { readonly chatops?: ChatopsConfig; readonly notify?: { readonly slack?: { readonly apiUrl?: string | undefined } | undefined; readonly telegram?: { readonly chatId: string; readonly tokenEnv: string; readonly apiRoot?: string | undefined } | undefined } }
  /** Where the secrets named in the config are read (process.env; in AWS loaded from Secrets Manager). */
  readonly env: Readonly<Record<string, string | undefined>>
  /** Refused requests and failed answers, one line each (no secrets). */
  readonly log: (line: string) => void
}

const text = (status: number, body: string): ChatHttpResponse => ({ status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body })

/** The chat endpoints: `POST /slack/commands`, `POST /slack/actions`, `POST /telegram/webhook`. The same code locally and in Lambda. */
export function handleChatHttp(deps: ChatHttpDependencies, request: ChatHttpRequest): ChatHttpResponse {
  const chatops = deps.config.chatops
  const route = request.path.replace(/\/+$/, '')
  if (!['/slack/commands', '/slack/actions', '/telegram/webhook'].includes(route)) return text(404, 'not found')
  if (request.method !== 'POST') return { ...text(405, 'method not allowed'), headers: { 'content-type': 'text/plain; charset=utf-8', allow: 'POST' } }
  if (route.startsWith('/slack/')) {
    if (!chatops?.slack) return text(404, 'Slack chat ops are not configured')
    const verified = verifySlackSignature({
      body: request.body,
      timestamp: request.headers['x-slack-request-timestamp'],
      signature: request.headers['x-slack-signature'],
      signingSecret: deps.env[chatops.slack.signingSecretEnv] ?? '',
      now: deps.now(),
    })
    if (!verified.ok) {
      deps.log(`refused a Slack request to ${route}: ${verified.reason}`)
      return text(401, 'invalid signature')
    }
    // Slack's periodic certificate check of a slash command URL: answer 200, nothing else.
    if (new URLSearchParams(request.body).get('ssl_check') === '1') return text(200, '')
    const parsed = parseSlackRequest(route === '/slack/commands' ? 'commands' : 'actions', request.body)
    if (!parsed.ok) return text(400, parsed.reason)
    const slackRequest = parsed.request
    const apiUrl = deps.config.notify?.slack?.apiUrl
    const origins = apiUrl ? [new URL(apiUrl).origin] : []
    return {
      status: 200,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: '',
      work: async () => {
        const answer = await safely(deps, () => handleChatRequest(deps, slackRequest))
        if (!answer) return
        if (!slackRequest.responseUrl) return deps.log(`no response_url to answer ${describeUser(slackRequest.user)}: ${answer.text}`)
        await sendSlackAnswer(slackRequest.responseUrl, answer, origins).catch((error: unknown) => deps.log(`Slack answer failed: ${(error as Error).message}`))
      },
    }
  }
  // Telegram
  const telegram = chatops?.telegram
  if (!telegram || telegram.mode !== 'webhook') return text(404, 'Telegram webhook chat ops are not configured')
  const verified = verifyTelegramSecret(request.headers['x-telegram-bot-api-secret-token'], deps.env[telegram.secretTokenEnv] ?? '')
  if (!verified.ok) {
    deps.log(`refused a Telegram webhook: ${verified.reason}`)
    return text(401, 'invalid secret token')
  }
  let update: Record<string, unknown>
  try {
    update = JSON.parse(request.body) as Record<string, unknown>
  } catch {
    return text(400, 'not JSON')
  }
  // Telegram retries an update until it gets a 2xx: answer at once, work after.
  return { ...text(200, ''), work: () => handleTelegramUpdate(deps, update) }
}

/** One Telegram update (webhook or long polling): from the configured chat only; every refusal audited and answered. */
export async function handleTelegramUpdate(deps: ChatHttpDependencies, update: Record<string, unknown>): Promise<void> {
  const telegram = deps.config.chatops?.telegram
  if (!telegram) return
  const parsed = parseTelegramUpdate(update)
  if (!parsed.ok) return
  const request = parsed.request
  const chatId = telegram.chatId ?? deps.config.notify?.telegram?.chatId
  const tokenEnv = telegram.tokenEnv ?? deps.config.notify?.telegram?.tokenEnv
  const token = tokenEnv ? deps.env[tokenEnv] : undefined
  const apiRoot = telegram.apiRoot ?? deps.config.notify?.telegram?.apiRoot
  let answer: ChatAnswer | undefined
  if (request.chat !== chatId) {
    const reason = `chat ${request.chat} is not the configured chat`
    await safely(deps, () =>
      deps.chatops.appendAudit({ at: deps.now(), channel: 'telegram', user: { id: request.user.id, ...(request.user.name ? { name: request.user.name } : {}) }, command: request.text, outcome: 'refused', detail: reason, chat: request.chat }),
    )
    answer = { text: 'Sorry, this bot takes commands only in its on-call chat. Nothing was changed.', outcome: 'refused' }
  } else answer = await safely(deps, () => handleChatRequest(deps, request))
  if (!answer) return
  if (!token) return deps.log(`no Telegram bot token (${tokenEnv ?? 'tokenEnv'} not set) to answer ${describeUser(request.user)}: ${answer.text}`)
  await sendTelegramAnswer({ token, apiRoot, chat: request.chat, callbackQueryId: request.callbackQueryId }, answer).catch((error: unknown) => deps.log((error as Error).message))
}

async function safely<T>(deps: Pick<ChatHttpDependencies, 'log'>, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn()
  } catch (error) {
    deps.log(`chat ops: ${(error as Error).message}`)
    return undefined
  }
}
