import { type KnownBlock, LogLevel, WebClient } from '@slack/web-api'
import { Telegraf, type Telegram } from 'telegraf'
import { escapeHtml } from '../notify/escapeHtml.js'
import { redactSecrets } from '../notify/redactSecrets.js'
import { withTrailingSlash } from '../notify/withTrailingSlash.js'

/**
 * Breaker announcements ("would pause", "PAUSED … tx 0x…", "breaker not ready", "resuming is safe") on the same
 * chat channels as the alerts, with the same `notify` config and bot tokens. They are not status changes, so
 * they bypass the alert engine: one message per event, sent straight through the Slack and Telegram clients.
 */

export type AnnouncementLevel = 'crit' | 'warn' | 'info' | 'ok'

export interface Announcement {
  readonly level: AnnouncementLevel
  /** One line, plain text: `Breaker PAUSED: pause-perps-op`. */
  readonly title: string
  /** Plain-text lines (escaped per channel). */
  readonly lines: readonly string[]
  /** Labelled values shown as code (transaction hashes, addresses). */
  readonly facts?: readonly { readonly label: string; readonly value: string }[]
  readonly links?: readonly { readonly label: string; readonly url: string }[]
  /** The watched chain it is about: channels routed to other chains only (`notify.<channel>.chains`) skip it. */
  readonly chain?: string
}

export interface Announcer {
  readonly name: string
  /** Only announcements about these chains (from `notify.<channel>.chains`); all when absent. */
  readonly chains?: readonly string[]
  announce(announcement: Announcement): Promise<void>
}

export interface AnnounceOutcome {
  readonly channel: string
  readonly ok: boolean
  readonly error?: string
}

const levelEmoji: Readonly<Record<AnnouncementLevel, string>> = { crit: '🛑', warn: '⚠️', info: 'ℹ️', ok: '✅' }
const SLACK_HEADER_MAX = 150
const DEFAULT_TIMEOUT_MS = 10_000

interface NotifyConfig {
  readonly slack?: { readonly channel: string; readonly tokenEnv: string; readonly apiUrl?: string | undefined; readonly chains?: readonly string[] | undefined } | undefined
  readonly telegram?: { readonly chatId: string; readonly tokenEnv: string; readonly apiRoot?: string | undefined; readonly chains?: readonly string[] | undefined } | undefined
}

export interface BuildAnnouncersOptions {
  /** Console line writer; false for none. Default console.log. */
  readonly write?: ((line: string) => void) | false
  readonly timeoutMs?: number
}

/** Slack and Telegram announcers for the configured channels whose token variable is set, plus the console. */
export function buildAnnouncers(notify: NotifyConfig | null | undefined, env: Record<string, string | undefined>, options: BuildAnnouncersOptions = {}): Announcer[] {
  const announcers: Announcer[] = []
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const slackToken = notify?.slack ? env[notify.slack.tokenEnv]?.trim() : undefined
  if (notify?.slack && slackToken) announcers.push(createSlackAnnouncer(notify.slack, slackToken, timeoutMs))
  const telegramToken = notify?.telegram ? env[notify.telegram.tokenEnv]?.trim() : undefined
  if (notify?.telegram && telegramToken) announcers.push(createTelegramAnnouncer(notify.telegram, telegramToken, timeoutMs))
  if (options.write !== false) announcers.push(createConsoleAnnouncer(options.write ?? ((line) => console.log(line))))
  return announcers
}

/** Every channel in parallel; a failing channel never stops another, and nothing here throws. */
export async function announceAll(all: readonly Announcer[], announcement: Announcement): Promise<AnnounceOutcome[]> {
  const announcers = all.filter((a) => !a.chains || announcement.chain === undefined || a.chains.includes(announcement.chain))
  const settled = await Promise.allSettled(announcers.map((announcer) => announcer.announce(announcement)))
  return settled.map((result, i) => {
    const channel = announcers[i]!.name
    return result.status === 'fulfilled'
      ? { channel, ok: true }
      : { channel, ok: false, error: result.reason instanceof Error ? result.reason.message : String(result.reason) }
  })
}

export function createSlackAnnouncer(config: NonNullable<NotifyConfig['slack']>, token: string, timeoutMs = DEFAULT_TIMEOUT_MS): Announcer {
  const client = new WebClient(token, {
    slackApiUrl: withTrailingSlash(config.apiUrl ?? 'https://slack.com/api/'),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: timeoutMs,
    logLevel: LogLevel.ERROR,
  })
  return {
    name: 'slack',
    ...(config.chains ? { chains: config.chains } : {}),
    async announce(announcement) {
      const { text, blocks } = formatSlackAnnouncement(announcement)
      try {
        await client.chat.postMessage({ channel: config.channel, text, blocks, unfurl_links: false, unfurl_media: false })
      } catch (error) {
        throw new Error(redactSecrets(`Slack announcement failed: ${error instanceof Error ? error.message : String(error)}`, [token]))
      }
    },
  }
}

/** telegraf types `signal` with a polyfill's AbortSignal; node-fetch accepts the native one at run time. */
type TelegrafSignal = NonNullable<NonNullable<Parameters<Telegram['callApi']>[2]>['signal']>

export function createTelegramAnnouncer(config: NonNullable<NotifyConfig['telegram']>, token: string, timeoutMs = DEFAULT_TIMEOUT_MS): Announcer {
  const bot = new Telegraf(token, { telegram: { apiRoot: withTrailingSlash(config.apiRoot ?? 'https://api.telegram.org') } })
  return {
    name: 'telegram',
    ...(config.chains ? { chains: config.chains } : {}),
    async announce(announcement) {
      try {
        await bot.telegram.callApi(
          'sendMessage',
          { chat_id: config.chatId, text: formatTelegramAnnouncement(announcement), parse_mode: 'HTML', link_preview_options: { is_disabled: true } },
          { signal: AbortSignal.timeout(timeoutMs) as unknown as TelegrafSignal },
        )
      } catch (error) {
        throw new Error(redactSecrets(`Telegram announcement failed: ${error instanceof Error ? error.message : String(error)}`, [token]))
      }
    },
  }
}

export function createConsoleAnnouncer(write: (line: string) => void): Announcer {
  return {
    name: 'console',
    async announce(announcement) {
      write(formatConsoleAnnouncement(announcement))
    },
  }
}

export function formatSlackAnnouncement(a: Announcement): { text: string; blocks: KnownBlock[] } {
  const emoji = levelEmoji[a.level]
  const header = `${emoji} ${a.title}`
  const body = [
    ...a.lines.map(escapeHtml),
    ...(a.facts ?? []).map((fact) => `*${escapeHtml(fact.label)}:* \`${escapeHtml(fact.value)}\``),
  ].join('\n')
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: clip(header, SLACK_HEADER_MAX), emoji: true } }]
  if (body) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: clip(body, 2900) } })
  if (a.links?.length)
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: a.links.map((link) => `<${link.url}|${escapeHtml(link.label)}>`).join(' · ') }] })
  const facts = (a.facts ?? []).map((fact) => `${fact.label} ${fact.value}`)
  const text = escapeHtml([`${emoji} ${a.title}`, ...a.lines.slice(0, 1), ...facts].join(' · '))
  return { text, blocks }
}

export function formatTelegramAnnouncement(a: Announcement): string {
  const lines = [`${levelEmoji[a.level]} <b>${escapeHtml(a.title)}</b>`]
  for (const line of a.lines) lines.push(escapeHtml(line))
  for (const fact of a.facts ?? []) lines.push(`${escapeHtml(fact.label)}: <code>${escapeHtml(fact.value)}</code>`)
  if (a.links?.length) lines.push(a.links.map((link) => `<a href="${escapeAttribute(link.url)}">${escapeHtml(link.label)}</a>`).join(' · '))
  return clip(lines.join('\n'), 4000)
}

export function formatConsoleAnnouncement(a: Announcement): string {
  const facts = (a.facts ?? []).map((fact) => `${fact.label}=${fact.value}`)
  return [`breaker: ${a.title}`, ...a.lines, ...facts, ...(a.links ?? []).map((link) => link.url)].join(' | ')
}

function escapeAttribute(text: string): string {
  return escapeHtml(text).replace(/"/g, '&quot;')
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}
