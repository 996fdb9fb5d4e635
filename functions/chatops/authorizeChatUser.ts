import type { ChatopsConfig } from '../config/chatopsSchema.js'
import type { ChatUser } from './ChatCommand.js'

export type Authorization = { readonly ok: true } | { readonly ok: false; readonly reply: string; readonly reason: string }

/**
 * Only allowlisted users act, by platform id (never by display name, which its owner can change). Pure. The
 * refusal is polite and says how to get access without naming who has it.
 */
export function authorizeChatUser(user: ChatUser, chatops: Pick<ChatopsConfig, 'slack' | 'telegram'>): Authorization {
  const allowed = chatops[user.channel]?.allowedUsers ?? []
  if (allowed.includes(user.id)) return { ok: true }
  return {
    ok: false,
    reason: `${user.channel} user ${user.id} is not in chatops.${user.channel}.allowedUsers`,
    reply: `Sorry${user.name ? ` @${user.name}` : ''}, you are not on this watchtower's on-call list, so nothing was changed. Ask its operators to add your ${user.channel === 'slack' ? 'Slack member id' : 'Telegram user id'} (${user.id}) to chatops.${user.channel}.allowedUsers.`,
  }
}
