import { LogLevel, WebClient } from '@slack/web-api'
import { Telegraf, type Telegram } from 'telegraf'
import type { WatchtowerConfig } from '../config/schema.js'
import { DEFAULT_SLACK_API_URL } from './createSlackNotifier.js'
import { DEFAULT_TELEGRAM_API_ROOT } from './createTelegramNotifier.js'
import { DEFAULT_NOTIFY_TIMEOUT_MS } from './Notifier.js'
import { redactError } from './redactError.js'
import { redactSecrets } from './redactSecrets.js'
import { withTrailingSlash } from './withTrailingSlash.js'

/**
 * Posts one plain-text message to a configured chat, outside the status-change flow: the alarm notifier uses
 * it to say that the watcher itself is unhealthy. Same channels, tokens and timeouts as the alert notifiers.
 */
export interface TextPoster {
  readonly name: string
  /** Rejects with an Error whose message and cause hold no token. */
  post(text: string): Promise<void>
}

export interface BuiltTextPosters {
  readonly posters: TextPoster[]
  /** Configured channels that are off (token unset), one sentence each. */
  readonly problems: string[]
}

type TelegrafSignal = NonNullable<NonNullable<Parameters<Telegram['callApi']>[2]>['signal']>

function readToken(env: Record<string, string | undefined>, name: string): string | undefined {
  const value = env[name]?.trim()
  return value ? value : undefined
}

function failure(channel: string, error: unknown, token: string): Error {
  const redacted = redactError(error, [token])
  return new Error(redactSecrets(`${channel} post failed: ${redacted.message}`, [token]), { cause: redacted })
}

export function createTextPosters(
  notify: WatchtowerConfig['notify'],
  env: Record<string, string | undefined>,
  options: { readonly timeoutMs?: number } = {},
): BuiltTextPosters {
  const timeoutMs = options.timeoutMs ?? DEFAULT_NOTIFY_TIMEOUT_MS
  const posters: TextPoster[] = []
  const problems: string[] = []

  const slack = notify.slack
  if (slack) {
    const token = readToken(env, slack.tokenEnv)
    if (token === undefined) problems.push(`notify.slack: environment variable ${slack.tokenEnv} is not set; Slack is off`)
    else {
      const client = new WebClient(token, {
        slackApiUrl: withTrailingSlash(slack.apiUrl ?? DEFAULT_SLACK_API_URL),
        retryConfig: { retries: 0 },
        rejectRateLimitedCalls: true,
        timeout: timeoutMs,
        logLevel: LogLevel.ERROR,
      })
      posters.push({
        name: 'slack',
        async post(text) {
          try {
            await client.chat.postMessage({ channel: slack.channel, text, unfurl_links: false, unfurl_media: false })
          } catch (error) {
            throw failure('Slack', error, token)
          }
        },
      })
    }
  }

  const telegram = notify.telegram
  if (telegram) {
    const token = readToken(env, telegram.tokenEnv)
    if (token === undefined)
      problems.push(`notify.telegram: environment variable ${telegram.tokenEnv} is not set; Telegram is off`)
    else {
      const bot = new Telegraf(token, { telegram: { apiRoot: withTrailingSlash(telegram.apiRoot ?? DEFAULT_TELEGRAM_API_ROOT) } })
      posters.push({
        name: 'telegram',
        async post(text) {
          try {
            // Plain text (no parse_mode): alarm reasons hold characters HTML would need escaped.
            await bot.telegram.callApi(
              'sendMessage',
              { chat_id: telegram.chatId, text, link_preview_options: { is_disabled: true } },
              { signal: AbortSignal.timeout(timeoutMs) as unknown as TelegrafSignal },
            )
          } catch (error) {
            throw failure('Telegram', error, token)
          }
        },
      })
    }
  }
  return { posters, problems }
}
