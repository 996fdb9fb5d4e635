import type { CheckName } from '../types.js'

/** What a chat user asked for, parsed and checked against the config (names exist, durations are valid). */
export type ChatCommand =
  | { readonly kind: 'status' }
  | { readonly kind: 'help' }
  /** `chain` is a configured chain name or `*` (all). */
  | { readonly kind: 'ack'; readonly chain: string; readonly check?: CheckName }
  | { readonly kind: 'mute'; readonly chain: string; readonly check?: CheckName; readonly seconds: number }
  | { readonly kind: 'unmute'; readonly chain: string; readonly check?: CheckName }
  | { readonly kind: 'pause'; readonly action: string }
  | { readonly kind: 'resume'; readonly action: string }
  /** The second approval of a pending pause/resume (`pauseApprovals: 2`). */
  | { readonly kind: 'approve'; readonly request: string }

export type ChatChannel = 'slack' | 'telegram'

/** Who sent a command, as the platform identifies them (ids are checked; names are for messages). */
export interface ChatUser {
  readonly channel: ChatChannel
  /** Slack member id (U…) or Telegram numeric user id. */
  readonly id: string
  /** `alice` (Slack username / Telegram @username or first name), for messages and the audit trail. */
  readonly name?: string
}

/** One request from the chat: who, the text (slash command arguments or a button's value), where. */
export interface ChatRequest {
  readonly user: ChatUser
  /** The command text without the leading `/watchtower` or `/`: `mute base 1h`, `ack base liveness`. */
  readonly text: string
  /** Where it came from: Slack channel id / Telegram chat id. */
  readonly chat?: string
  /** A button press (Slack block_actions / Telegram callback_query) rather than a typed command. */
  readonly button?: boolean
}

/** `@alice (slack U012ABC)`: how a user appears in acks and the audit trail. */
export function describeUser(user: ChatUser): string {
  return `${user.name ? `@${user.name} ` : ''}(${user.channel} ${user.id})`
}
