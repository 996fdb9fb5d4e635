import { Telegraf, type Telegram } from 'telegraf'
import { DEFAULT_TELEGRAM_API_ROOT } from '../notify/createTelegramChannel.js'
import { redactSecrets } from '../notify/redactSecrets.js'
import { withTrailingSlash } from '../notify/withTrailingSlash.js'
import { type ChatHttpDependencies, handleTelegramUpdate } from './handleChatHttp.js'

type TelegrafSignal = NonNullable<NonNullable<Parameters<Telegram['callApi']>[2]>['signal']>

export interface TelegramPoller {
  stop(): Promise<void>
}

/**
 * `chatops.telegram.mode: polling`: getUpdates (long polling, `timeout` seconds) through the configured apiRoot,
 * each update handled like a webhook one (configured chat only). The offset moves past every update taken, so
 * none is handled twice; a failed poll is logged and retried after a pause.
 */
export function pollTelegramUpdates(deps: ChatHttpDependencies, options: { timeoutSeconds?: number; retryMs?: number } = {}): TelegramPoller {
  const telegram = deps.config.chatops?.telegram
  const tokenEnv = telegram?.tokenEnv ?? deps.config.notify?.telegram?.tokenEnv
  const token = tokenEnv ? deps.env[tokenEnv] : undefined
  if (!telegram || !token) {
    deps.log(`Telegram polling not started: ${tokenEnv ?? 'the bot token env var'} is not set`)
    return { stop: async () => {} }
  }
  const apiRoot = telegram.apiRoot ?? deps.config.notify?.telegram?.apiRoot ?? DEFAULT_TELEGRAM_API_ROOT
  const bot = new Telegraf(token, { telegram: { apiRoot: withTrailingSlash(apiRoot) } })
  const abort = new AbortController()
  const timeout = options.timeoutSeconds ?? 25
  let offset = 0
  const loop = (async () => {
    while (!abort.signal.aborted) {
      try {
        const updates = (await bot.telegram.callApi('getUpdates', { offset, timeout, allowed_updates: ['message', 'callback_query'] }, { signal: abort.signal as unknown as TelegrafSignal })) as unknown as { update_id: number }[]
        for (const update of updates) {
          offset = Math.max(offset, update.update_id + 1)
          await handleTelegramUpdate(deps, update as unknown as Record<string, unknown>)
        }
      } catch (error) {
        if (abort.signal.aborted) break
        deps.log(redactSecrets(`Telegram getUpdates failed: ${(error as Error).message}`, [token]))
        await new Promise((resolve) => setTimeout(resolve, options.retryMs ?? 5000).unref())
      }
    }
  })()
  return {
    stop: async () => {
      abort.abort()
      await loop
    },
  }
}
