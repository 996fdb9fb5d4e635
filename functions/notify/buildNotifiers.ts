import type { WatchtowerConfig } from '../config/schema.js'
import { createConsoleNotifier } from './createConsoleNotifier.js'
import { createSlackNotifier } from './createSlackNotifier.js'
import { createTelegramNotifier } from './createTelegramNotifier.js'
import type { Notifier } from './Notifier.js'

export interface BuildNotifiersOptions {
  /** Include the console notifier (default true). */
  readonly console?: boolean
  /** Where the console notifier writes (default console.log). */
  readonly write?: (line: string) => void
  /** Per-request timeout for the chat APIs. */
  readonly timeoutMs?: number
}

export interface BuiltNotifiers {
  readonly notifiers: Notifier[]
  /** Configured channels that are off, one sentence each, for the caller to log or print. */
  readonly problems: string[]
}

/**
 * Turns the `notify` config into notifiers. A channel whose token variable is unset is reported, not fatal:
 * checks and the console trail are still worth running while someone fixes the secret.
 */
export function buildNotifiers(
  notify: WatchtowerConfig['notify'],
  env: Record<string, string | undefined>,
  options: BuildNotifiersOptions = {},
): BuiltNotifiers {
  const notifiers: Notifier[] = []
  const problems: string[] = []
  const clientOptions = options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }

  if (notify.slack) {
    const token = readToken(env, notify.slack.tokenEnv)
    if (token === undefined) problems.push(missingToken('slack', 'Slack', notify.slack.tokenEnv))
    else notifiers.push(createSlackNotifier(notify.slack, token, clientOptions))
  }
  if (notify.telegram) {
    const token = readToken(env, notify.telegram.tokenEnv)
    if (token === undefined) problems.push(missingToken('telegram', 'Telegram', notify.telegram.tokenEnv))
    else notifiers.push(createTelegramNotifier(notify.telegram, token, clientOptions))
  }
  if (options.console !== false) notifiers.push(createConsoleNotifier(options.write))

  return { notifiers, problems }
}

/** Blank counts as unset: deploy tooling often passes an empty string for a secret it did not find. */
function readToken(env: Record<string, string | undefined>, name: string): string | undefined {
  const value = env[name]?.trim()
  return value ? value : undefined
}

function missingToken(key: string, label: string, envName: string): string {
  return `notify.${key}: environment variable ${envName} is not set; ${label} alerts are off`
}
