import {
  LogLevel,
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
  WebClient,
} from '@slack/web-api'
import type { Announcement } from '../alerts/OutboxEntry.js'
import type { SlackConfig } from '../config/schema.js'
import type { CheckName, StatusChange } from '../types.js'
import { announcementButtons, type ChatButton, slackActionsBlock } from '../chatops/chatButtons.js'
import { type Channel, DEFAULT_NOTIFY_TIMEOUT_MS } from './Channel.js'
import { formatSlackAnnouncement } from './formatAnnouncement.js'
import { formatSlackMessage, type SlackMessage } from './formatMessage.js'
import type { MessageRef } from './LivingMessage.js'
import { NotifyError } from './NotifyError.js'
import { redactError } from './redactError.js'
import { redactSecrets } from './redactSecrets.js'
import { sendLivingMessage } from './sendLivingMessage.js'
import { withTrailingSlash } from './withTrailingSlash.js'

export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/'

export interface SlackChannelOptions {
  /** Per-request timeout; the client's default is none at all. */
  readonly timeoutMs?: number
  /** Chat ops buttons for a chain's open incidents (Ack, Mute, Pause now); none: plain messages. */
  readonly buttons?: (chain: string, checks: readonly CheckName[]) => readonly ChatButton[]
}

/**
 * Slack through the Web API with a bot token (`chat:write`): one Block Kit message per chain's incidents, edited
 * in place with `chat.update` as they evolve; reminders are thread replies (`thread_ts`).
 */
export function createSlackChannel(config: SlackConfig, token: string, options: SlackChannelOptions = {}): Channel {
  const timeoutMs = options.timeoutMs ?? DEFAULT_NOTIFY_TIMEOUT_MS
  const client = new WebClient(token, {
    slackApiUrl: withTrailingSlash(config.apiUrl ?? DEFAULT_SLACK_API_URL),
    // No retries: the outbox retries with backoff, and a Lambda must not spend its budget waiting.
    retryConfig: { retries: 0 },
    // Without this the client SLEEPS for Retry-After seconds on a 429 before failing, even with retries: 0.
    rejectRateLimitedCalls: true,
    timeout: timeoutMs,
    // Failures surface as NotifyError for the caller to log once; the client's own warnings would duplicate them.
    logLevel: LogLevel.ERROR,
  })

  /** `what` names the message in errors (`alert for base`); `chain` is the watched chain it is about, if any. */
  const call = async <T>(chain: string | undefined, what: string, request: () => Promise<T>): Promise<T> => {
    try {
      return await request()
    } catch (error) {
      const failure = describeSlackFailure(error, timeoutMs)
      throw new NotifyError('slack', redactSecrets(`Slack ${what} failed: ${failure.reason}`, [token]), {
        ...(chain !== undefined ? { chain } : {}),
        ...failure.fields,
        cause: redactError(error, [token]),
      })
    }
  }
  // Alerts carry explorer links at most; previews would bury the status.
  const noPreviews = { unfurl_links: false, unfurl_media: false } as const
  const post = async (chain: string | undefined, what: string, message: SlackMessage, threadTs?: string): Promise<MessageRef> => {
    const answer = await call(chain, what, () =>
      client.chat.postMessage({ channel: config.channel, ...message, ...noPreviews, ...(threadTs ? { thread_ts: threadTs } : {}) }),
    )
    // chat.update wants the channel's ID, which the answer gives even when the config names the channel.
    return { channel: answer.channel ?? config.channel, ts: String(answer.ts) }
  }

  /** The message with its buttons while it shows an incident that is not ok; without them once all resolved. */
  const withButtons = (chain: string, shown: Parameters<typeof formatSlackMessage>[0]): SlackMessage => {
    const formatted = formatSlackMessage(shown)
    const open = shown.map((item) => ('change' in item ? item.change : item).verdict).filter((v) => v.status !== 'ok').map((v) => v.check)
    const buttons = open.length > 0 ? (options.buttons?.(chain, [...new Set(open)]) ?? []) : []
    return buttons.length > 0 ? { ...formatted, blocks: [...formatted.blocks, slackActionsBlock(buttons) as never] } : formatted
  }

  return {
    name: 'slack',
    async send(changes: readonly StatusChange[], message) {
      const chain = changes[0]?.verdict.chain
      if (chain === undefined) return message
      return sendLivingMessage(
        {
          post: (shown) => post(chain, `alert for ${chain}`, withButtons(chain, shown)),
          async edit(ref, shown) {
            const { channel, ts } = slackRef(ref)
            await call(chain, `message update for ${chain}`, () => client.chat.update({ channel, ts, ...withButtons(chain, shown) }))
          },
          async reply(ref, reminders) {
            await post(chain, `reminder for ${chain}`, formatSlackMessage(reminders), slackRef(ref).ts)
          },
        },
        changes,
        message,
      )
    },
    async announce(announcement: Announcement): Promise<void> {
      const formatted = formatSlackAnnouncement(announcement)
      // With chat ops on, "resuming is safe" carries its Resume button.
      const buttons = options.buttons ? announcementButtons(announcement) : []
      await post(announcement.chain, `message "${announcement.title}"`, buttons.length > 0 ? { ...formatted, blocks: [...formatted.blocks, slackActionsBlock(buttons) as never] } : formatted)
    },
  }
}

function slackRef(ref: MessageRef): { channel: string; ts: string } {
  if (!('ts' in ref)) throw new NotifyError('slack', 'stored message reference is not a Slack one', { apiError: 'bad_ref' })
  return ref
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
