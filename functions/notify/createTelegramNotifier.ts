import { Telegraf, TelegramError, type Telegram } from 'telegraf'
import type { TelegramConfig } from '../config/schema.js'
import type { Announcement } from '../alerts/OutboxEntry.js'
import type { StatusChange } from '../types.js'
import { formatTelegramAnnouncement } from './formatAnnouncement.js'
import { formatTelegramMessage } from './formatMessage.js'
import { DEFAULT_NOTIFY_TIMEOUT_MS, type Notifier } from './Notifier.js'
import { NotifyError } from './NotifyError.js'
import { redactError } from './redactError.js'
import { redactSecrets } from './redactSecrets.js'
import { withTrailingSlash } from './withTrailingSlash.js'

export const DEFAULT_TELEGRAM_API_ROOT = 'https://api.telegram.org'

export interface TelegramNotifierOptions {
  /** Per-request timeout; telegraf's own is a fixed 500 s. */
  readonly timeoutMs?: number
}

/** Sends one HTML message per chain to `config.chatId` through the Bot API. Never polls for updates. */
export function createTelegramNotifier(
  config: TelegramConfig,
  token: string,
  options: TelegramNotifierOptions = {},
): Notifier {
  const timeoutMs = options.timeoutMs ?? DEFAULT_NOTIFY_TIMEOUT_MS
  // The trailing slash keeps a path prefix (a proxy at https://host/telegram) when telegraf resolves ./bot<token>/….
  const bot = new Telegraf(token, { telegram: { apiRoot: withTrailingSlash(config.apiRoot ?? DEFAULT_TELEGRAM_API_ROOT) } })

  const send = async (text: string, what: string, chain: string | undefined) => {
    try {
      // callApi rather than sendMessage: it is the only way to pass an AbortSignal, i.e. a timeout.
      await bot.telegram.callApi(
        'sendMessage',
        { chat_id: config.chatId, text, parse_mode: 'HTML', link_preview_options: { is_disabled: true } },
        { signal: AbortSignal.timeout(timeoutMs) as unknown as TelegrafSignal },
      )
    } catch (error) {
      const failure = describeTelegramFailure(error, timeoutMs)
      throw new NotifyError('telegram', redactSecrets(`Telegram ${what} failed: ${failure.reason}`, [token]), {
        ...(chain !== undefined ? { chain } : {}),
        ...failure.fields,
        cause: redactError(error, [token]),
      })
    }
  }

  return {
    name: 'telegram',
    async notify(changes: readonly StatusChange[]): Promise<void> {
      const chain = changes[0]?.verdict.chain
      if (chain === undefined) return
      await send(formatTelegramMessage(changes), `alert for ${chain}`, chain)
    },
    async announce(announcement: Announcement): Promise<void> {
      await send(formatTelegramAnnouncement(announcement), `message "${announcement.title}"`, announcement.chain)
    },
  }
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
