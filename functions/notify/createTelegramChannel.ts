import { Telegraf, TelegramError, type Telegram } from 'telegraf'
import type { Announcement } from '../alerts/OutboxEntry.js'
import type { TelegramConfig } from '../config/schema.js'
import type { CheckName, StatusChange } from '../types.js'
import { announcementButtons, type ChatButton, telegramKeyboard } from '../chatops/chatButtons.js'
import { type Channel, DEFAULT_NOTIFY_TIMEOUT_MS } from './Channel.js'
import { formatTelegramAnnouncement } from './formatAnnouncement.js'
import { formatTelegramMessage } from './formatMessage.js'
import type { MessageRef } from './LivingMessage.js'
import { NotifyError } from './NotifyError.js'
import { redactError } from './redactError.js'
import { redactSecrets } from './redactSecrets.js'
import { sendLivingMessage } from './sendLivingMessage.js'
import { withTrailingSlash } from './withTrailingSlash.js'

export const DEFAULT_TELEGRAM_API_ROOT = 'https://api.telegram.org'

export interface TelegramChannelOptions {
  /** Per-request timeout; telegraf's own is a fixed 500 s. */
  readonly timeoutMs?: number
  /** Chat ops buttons (inline keyboard) for a chain's open incidents; none: plain messages. */
  readonly buttons?: (chain: string, checks: readonly CheckName[]) => readonly ChatButton[]
}

/**
 * Telegram through the Bot API: one HTML message per chain's incidents in `config.chatId`, edited in place with
 * `editMessageText`; reminders are replies to it (`reply_parameters`). Never polls for updates.
 */
export function createTelegramChannel(config: TelegramConfig, token: string, options: TelegramChannelOptions = {}): Channel {
  const timeoutMs = options.timeoutMs ?? DEFAULT_NOTIFY_TIMEOUT_MS
  // The trailing slash keeps a path prefix (a proxy at https://host/telegram) when telegraf resolves ./bot<token>/….
  const bot = new Telegraf(token, { telegram: { apiRoot: withTrailingSlash(config.apiRoot ?? DEFAULT_TELEGRAM_API_ROOT) } })

  // callApi rather than sendMessage: it is the only way to pass an AbortSignal, i.e. a timeout.
  /** `what` names the message in errors (`alert for base`); `chain` is the watched chain it is about, if any. */
  const call = async (chain: string | undefined, what: string, method: 'sendMessage' | 'editMessageText', payload: Record<string, unknown>) => {
    try {
      return await bot.telegram.callApi(method, payload as never, { signal: AbortSignal.timeout(timeoutMs) as unknown as TelegrafSignal })
    } catch (error) {
      // Editing to the very text it has is a no-op the API calls an error: the message already says it.
      if (error instanceof TelegramError && /message is not modified/i.test(error.description)) return undefined
      const failure = describeTelegramFailure(error, timeoutMs)
      throw new NotifyError('telegram', redactSecrets(`Telegram ${what} failed: ${failure.reason}`, [token]), {
        ...(chain !== undefined ? { chain } : {}),
        ...failure.fields,
        cause: redactError(error, [token]),
      })
    }
  }
  const html = { parse_mode: 'HTML', link_preview_options: { is_disabled: true } } as const
  /** The inline keyboard while the message shows an incident that is not ok (an edit without one removes it). */
  const keyboard = (chain: string, shown: Parameters<typeof formatTelegramMessage>[0]) => {
    if (!options.buttons) return {}
    const open = shown.map((item) => ('change' in item ? item.change : item).verdict).filter((v) => v.status !== 'ok').map((v) => v.check)
    const buttons = open.length > 0 ? options.buttons(chain, [...new Set(open)]) : []
    return { reply_markup: telegramKeyboard(buttons) }
  }

  return {
    name: 'telegram',
    async send(changes: readonly StatusChange[], message) {
      const chain = changes[0]?.verdict.chain
      if (chain === undefined) return message
      return sendLivingMessage(
        {
          async post(shown) {
            const sent = (await call(chain, `alert for ${chain}`, 'sendMessage', { chat_id: config.chatId, text: formatTelegramMessage(shown), ...html, ...keyboard(chain, shown) })) as { message_id: number } | undefined
            return { chatId: config.chatId, messageId: Number(sent?.message_id) }
          },
          async edit(ref, shown) {
            const { chatId, messageId } = telegramRef(ref)
            await call(chain, `message update for ${chain}`, 'editMessageText', { chat_id: chatId, message_id: messageId, text: formatTelegramMessage(shown), ...html, ...keyboard(chain, shown) })
          },
          async reply(ref, reminders) {
            const { chatId, messageId } = telegramRef(ref)
            await call(chain, `reminder for ${chain}`, 'sendMessage', {
              chat_id: chatId,
              text: formatTelegramMessage(reminders),
              ...html,
              // A reminder still goes out if the message it answers was deleted.
              reply_parameters: { message_id: messageId, allow_sending_without_reply: true },
            })
          },
        },
        changes,
        message,
      )
    },
    async announce(announcement: Announcement): Promise<void> {
      const buttons = options.buttons ? announcementButtons(announcement) : []
      await call(announcement.chain, `message "${announcement.title}"`, 'sendMessage', {
        chat_id: config.chatId,
        text: formatTelegramAnnouncement(announcement),
        ...html,
        ...(buttons.length > 0 ? { reply_markup: telegramKeyboard(buttons) } : {}),
      })
    },
  }
}

function telegramRef(ref: MessageRef): { chatId: string; messageId: number } {
  if (!('messageId' in ref)) throw new NotifyError('telegram', 'stored message reference is not a Telegram one', { apiError: 'bad ref' })
  return ref
}

/**
 * telegraf types `signal` with the abort-controller polyfill's class, which Node's native AbortSignal does not
 * satisfy structurally; at run time node-fetch accepts any object whose constructor is named AbortSignal.
 */
type TelegrafSignal = NonNullable<NonNullable<Parameters<Telegram['callApi']>[2]>['signal']>

interface Failure {
  readonly reason: string
  readonly fields: { status?: number; apiError?: string; retryAfter?: number }
}

function describeTelegramFailure(error: unknown, timeoutMs: number): Failure {
  if (error instanceof TelegramError) {
    const retryAfter = error.parameters?.retry_after
    return {
      reason: `${error.code} ${error.description}`,
      fields: { status: error.code, apiError: error.description, ...(retryAfter !== undefined && { retryAfter }) },
    }
  }
  // node-fetch names its abort error AbortError whatever the signal's reason.
  if (error instanceof Error && error.name === 'AbortError') return { reason: `no answer within ${timeoutMs} ms`, fields: {} }
  // FetchError messages hold the request URL, token included: the caller redacts.
  return { reason: error instanceof Error ? error.message : String(error), fields: {} }
}
