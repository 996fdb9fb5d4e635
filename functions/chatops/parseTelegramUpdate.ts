import type { ChatRequest } from './ChatCommand.js'

export interface TelegramChatRequest extends ChatRequest {
  readonly chat: string
  /** Set for an inline-keyboard press: answered with answerCallbackQuery. */
  readonly callbackQueryId?: string
}

export type ParsedTelegramUpdate =
  | { readonly ok: true; readonly request: TelegramChatRequest }
  /** Not for us (no command, a bot, an edit): ignored without an answer or an audit line. */
  | { readonly ok: false; readonly ignore: true; readonly reason: string }

/**
 * A Telegram update → chat request: a `/command args` message (`/mute@watchtower_bot base 1h` → `mute base 1h`)
 * or an inline-keyboard press (its callback_data is the command). Pure; the chat check is the caller's.
 */
export function parseTelegramUpdate(update: Record<string, any>): ParsedTelegramUpdate {
  const query = update.callback_query
  if (query) {
    const from = query.from
    const chat = query.message?.chat?.id
    if (typeof from?.id !== 'number' || chat === undefined || typeof query.data !== 'string') return { ok: false, ignore: true, reason: 'callback query without user, chat or data' }
    return { ok: true, request: { user: telegramUser(from), text: query.data, chat: String(chat), button: true, callbackQueryId: String(query.id) } }
  }
  const message = update.message
  if (!message) return { ok: false, ignore: true, reason: 'not a message or button press' }
  const text = typeof message.text === 'string' ? message.text : ''
  const command = /^\/([A-Za-z_]+)(?:@[A-Za-z0-9_]+)?(?:\s+([\s\S]*))?$/.exec(text.trim())
  if (!command || typeof message.from?.id !== 'number' || message.from.is_bot) return { ok: false, ignore: true, reason: 'not a bot command' }
  const verb = command[1]!.toLowerCase()
  return { ok: true, request: { user: telegramUser(message.from), text: `${verb === 'start' ? 'help' : verb} ${command[2] ?? ''}`.trim(), chat: String(message.chat?.id) } }
}

function telegramUser(from: Record<string, any>) {
  const name = typeof from.username === 'string' ? from.username : typeof from.first_name === 'string' ? from.first_name : undefined
  return { channel: 'telegram' as const, id: String(from.id), ...(name ? { name } : {}) }
}
