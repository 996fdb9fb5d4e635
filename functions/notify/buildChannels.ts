import type { ChannelRoute } from '../alerts/ChannelRoute.js'
import type { WatchtowerConfig } from '../config/schema.js'
import type { Channel } from './Channel.js'
import type { ChatButton } from '../chatops/chatButtons.js'
import type { CheckName } from '../types.js'
import { createConsoleChannel } from './createConsoleChannel.js'
import { createDiscordChannel } from './createDiscordChannel.js'
import { createPagerdutyChannel } from './createPagerdutyChannel.js'
import { createSlackChannel } from './createSlackChannel.js'
import { createTelegramChannel } from './createTelegramChannel.js'
import { createWebhookChannel } from './createWebhookChannel.js'

export interface BuildChannelsOptions {
  /** Include the console channel (default true). */
  readonly console?: boolean
  /** Where the console channel writes (default console.log). */
  readonly write?: (line: string) => void
  /** Per-request timeout for the APIs. */
  readonly timeoutMs?: number
  /** Chat ops buttons on incident messages, per channel where chat ops are configured for it. */
  readonly buttons?: Partial<Record<'slack' | 'telegram', (chain: string, checks: readonly CheckName[]) => readonly ChatButton[]>>
}

export interface BuiltChannels {
  /** The outbox's channels, each with its `notify.<channel>` routing keys. */
  readonly routes: ChannelRoute[]
  /** The local log: told every alert at once, outside the outbox. */
  readonly console?: Channel
  /** Configured channels that are off, one sentence each, for the caller to log or print. */
  readonly problems: string[]
}

type Notify = WatchtowerConfig['notify']

/**
 * Turns the `notify` config into channels. A channel whose secret variable is unset is reported, not fatal:
 * checks and the console trail are still worth running while someone fixes the secret.
 */
export function buildChannels(notify: Notify, env: Record<string, string | undefined>, options: BuildChannelsOptions = {}): BuiltChannels {
  const routes: ChannelRoute[] = []
  const problems: string[] = []
  const clientOptions = options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }
  const add = (channel: Channel, { severities, chains }: { severities?: ChannelRoute['severities'] | undefined; chains?: readonly string[] | undefined }) =>
    routes.push({ channel, ...(severities ? { severities } : {}), ...(chains ? { chains } : {}) })

  if (notify.slack) {
    const token = readSecret(env, notify.slack.tokenEnv)
    if (token === undefined) problems.push(missingSecret('slack', 'Slack', notify.slack.tokenEnv))
    else add(createSlackChannel(notify.slack, token, { ...clientOptions, ...(options.buttons?.slack ? { buttons: options.buttons.slack } : {}) }), notify.slack)
  }
  if (notify.telegram) {
    const token = readSecret(env, notify.telegram.tokenEnv)
    if (token === undefined) problems.push(missingSecret('telegram', 'Telegram', notify.telegram.tokenEnv))
    else add(createTelegramChannel(notify.telegram, token, { ...clientOptions, ...(options.buttons?.telegram ? { buttons: options.buttons.telegram } : {}) }), notify.telegram)
  }
  if (notify.pagerduty) {
    const routingKey = readSecret(env, notify.pagerduty.routingKeyEnv)
    if (routingKey === undefined) problems.push(missingSecret('pagerduty', 'PagerDuty', notify.pagerduty.routingKeyEnv))
    else add(createPagerdutyChannel(notify.pagerduty, routingKey, clientOptions), notify.pagerduty)
  }
  if (notify.discord) {
    const webhookUrl = readSecret(env, notify.discord.webhookUrlEnv)
    if (webhookUrl === undefined) problems.push(missingSecret('discord', 'Discord', notify.discord.webhookUrlEnv))
    else add(createDiscordChannel(webhookUrl, clientOptions), notify.discord)
  }
  if (notify.webhook) {
    const url = readSecret(env, notify.webhook.urlEnv)
    const secret = notify.webhook.secretEnv === undefined ? undefined : readSecret(env, notify.webhook.secretEnv)
    if (url === undefined) problems.push(missingSecret('webhook', 'Webhook', notify.webhook.urlEnv))
    // Configured to sign but the secret is missing: sending unsigned would teach the receiver to accept forgeries.
    else if (notify.webhook.secretEnv !== undefined && secret === undefined) problems.push(missingSecret('webhook', 'Webhook', notify.webhook.secretEnv))
    else add(createWebhookChannel(url, secret, clientOptions), notify.webhook)
  }
  const console = options.console === false ? undefined : createConsoleChannel(options.write)
  return { routes, ...(console ? { console } : {}), problems }
}

/** Blank counts as unset: deploy tooling often passes an empty string for a secret it did not find. */
export function readSecret(env: Record<string, string | undefined>, name: string): string | undefined {
  const value = env[name]?.trim()
  return value ? value : undefined
}

function missingSecret(key: string, label: string, envName: string): string {
  return `notify.${key}: environment variable ${envName} is not set; ${label} alerts are off`
}
