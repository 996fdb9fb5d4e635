import { Telegraf, type Telegram } from 'telegraf'
import { DEFAULT_TELEGRAM_API_ROOT } from '../notify/createTelegramChannel.js'
import { redactSecrets } from '../notify/redactSecrets.js'
import { withTrailingSlash } from '../notify/withTrailingSlash.js'
import type { ChatAnswer } from './handleChatRequest.js'

const timeoutMs = 10_000
type TelegrafSignal = NonNullable<NonNullable<Parameters<Telegram['callApi']>[2]>['signal']>
const signal = () => AbortSignal.timeout(timeoutMs) as unknown as TelegrafSignal

/** The Approve button's label and what it sends back: the same command a user could type. */
const approveLabel = (answer: ChatAnswer) => `Approve ${answer.approval!.kind} ${answer.approval!.action}`

/**
 * Slack: the answer goes to the request's response_url (Slack's own reply hook, valid 30 minutes): in the
 * channel when it changed something everyone should see ("Acked by @alice 14:02 UTC"), else only to the user.
 * Only Slack's hooks host (or the configured Slack API's origin, for proxies and tests) is ever posted to.
 */
export async function sendSlackAnswer(responseUrl: string, answer: ChatAnswer, allowedOrigins: readonly string[]): Promise<void> {
  const origin = new URL(responseUrl).origin
  if (!['https://hooks.slack.com', ...allowedOrigins].includes(origin)) throw new Error(`refusing to post a Slack answer to ${origin}: not Slack's hooks host`)
  const visible = answer.outcome === 'accepted' && (answer.changed?.length ?? 0) > 0
  const body = {
    response_type: visible || answer.approval ? 'in_channel' : 'ephemeral',
    replace_original: false,
    text: answer.text,
    ...(answer.approval
      ? {
          blocks: [
            { type: 'section', text: { type: 'plain_text', text: answer.text } },
            {
              type: 'actions',
              elements: [{ type: 'button', action_id: 'watchtower_approve', style: 'danger', text: { type: 'plain_text', text: approveLabel(answer) }, value: `approve ${answer.approval.id}` }],
            },
          ],
        }
      : {}),
  }
  const response = await fetch(responseUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) })
  if (!response.ok) throw new Error(`Slack response_url answered ${response.status}`)
}

export interface TelegramAnswerTarget {
  readonly token: string
  readonly apiRoot?: string | undefined
  readonly chat: string
  readonly callbackQueryId?: string | undefined
}

/** Telegram: a message in the chat (with an inline Approve button for a pending pause), and the button press answered. */
export async function sendTelegramAnswer(target: TelegramAnswerTarget, answer: ChatAnswer): Promise<void> {
  const bot = new Telegraf(target.token, { telegram: { apiRoot: withTrailingSlash(target.apiRoot ?? DEFAULT_TELEGRAM_API_ROOT) } })
  try {
    if (target.callbackQueryId)
      await bot.telegram.callApi('answerCallbackQuery', { callback_query_id: target.callbackQueryId, text: answer.text.slice(0, 200) }, { signal: signal() }).catch(() => {})
    await bot.telegram.callApi(
      'sendMessage',
      {
        chat_id: target.chat,
        text: answer.text,
        ...(answer.approval ? { reply_markup: { inline_keyboard: [[{ text: approveLabel(answer), callback_data: `approve ${answer.approval.id}` }]] } } : {}),
      },
      { signal: signal() },
    )
  } catch (error) {
    throw new Error(redactSecrets(`Telegram answer failed: ${error instanceof Error ? error.message : String(error)}`, [target.token]))
  }
}
