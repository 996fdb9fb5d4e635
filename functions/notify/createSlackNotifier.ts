import {
  LogLevel,
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
  WebClient,
} from '@slack/web-api'
import type { SlackConfig } from '../config/schema.js'
import type { Announcement } from '../alerts/OutboxEntry.js'
import type { StatusChange } from '../types.js'
import { formatSlackAnnouncement } from './formatAnnouncement.js'
import { formatSlackMessage } from './formatMessage.js'
import { DEFAULT_NOTIFY_TIMEOUT_MS, type Notifier } from './Notifier.js'
import { NotifyError } from './NotifyError.js'
import { redactError } from './redactError.js'
import { redactSecrets } from './redactSecrets.js'
import { withTrailingSlash } from './withTrailingSlash.js'

export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/'

export interface SlackNotifierOptions {
  /** Per-request timeout; the client's default is none at all. */
  readonly timeoutMs?: number
}

/** Posts one Block Kit message per chain to `config.channel` with a bot token (`chat:write` scope). */
export function createSlackNotifier(config: SlackConfig, token: string, options: SlackNotifierOptions = {}): Notifier {
  const timeoutMs = options.timeoutMs ?? DEFAULT_NOTIFY_TIMEOUT_MS
  const client = new WebClient(token, {
    slackApiUrl: withTrailingSlash(config.apiUrl ?? DEFAULT_SLACK_API_URL),
    // No retries: the next tick retries anyway, and a Lambda must not spend its budget waiting.
    retryConfig: { retries: 0 },
    // Without this the client SLEEPS for Retry-After seconds on a 429 before failing, even with retries: 0.
    rejectRateLimitedCalls: true,
    timeout: timeoutMs,
    // Failures surface as NotifyError for the caller to log once; the client's own warnings would duplicate them.
    logLevel: LogLevel.ERROR,
  })

  const post = async (message: ReturnType<typeof formatSlackMessage>, what: string, chain: string | undefined) => {
    try {
      await client.chat.postMessage({
        channel: config.channel,
        ...message,
        // Alerts carry explorer links at most; previews would bury the status.
        unfurl_links: false,
        unfurl_media: false,
      })
    } catch (error) {
      const failure = describeSlackFailure(error, timeoutMs)
      throw new NotifyError('slack', redactSecrets(`Slack ${what} failed: ${failure.reason}`, [token]), {
        ...(chain !== undefined ? { chain } : {}),
        ...failure.fields,
        cause: redactError(error, [token]),
      })
    }
  }

  return {
    name: 'slack',
    async notify(changes: readonly StatusChange[]): Promise<void> {
      const chain = changes[0]?.verdict.chain
      if (chain === undefined) return
      await post(formatSlackMessage(changes), `alert for ${chain}`, chain)
    },
    async announce(announcement: Announcement): Promise<void> {
      await post(formatSlackAnnouncement(announcement), `message "${announcement.title}"`, announcement.chain)
    },
  }
}

interface Failure {
  readonly reason: string
  readonly fields: { status?: number; apiError?: string; retryAfter?: number }
}

function describeSlackFailure(error: unknown, timeoutMs: number): Failure {
  if (error instanceof WebAPIPlatformError) return { reason: error.data.error, fields: { apiError: error.data.error } }
  if (error instanceof WebAPIRateLimitedError)
    return {
      reason: `rate limited, retry after ${error.retryAfter} s`,
      fields: { status: 429, retryAfter: error.retryAfter },
    }
  if (error instanceof WebAPIHTTPError)
    return { reason: `HTTP ${error.statusCode} ${error.statusMessage}`.trim(), fields: { status: error.statusCode } }
  if (error instanceof WebAPIRequestError) {
    const original = error.original
    if (original.name === 'TimeoutError') return { reason: `no answer within ${timeoutMs} ms`, fields: {} }
    // fetch reports "fetch failed" and keeps the useful part (ECONNREFUSED, ENOTFOUND, …) in its cause.
    const cause = original.cause instanceof Error ? `: ${original.cause.message}` : ''
    return { reason: `${original.message}${cause}`, fields: {} }
  }
  return { reason: error instanceof Error ? error.message : String(error), fields: {} }
}
