import type { StatusChange } from '../types.js'

/** Where a posted message sits, to edit it or reply under it: Slack `channel` + `ts`, Telegram `chatId` + `messageId`. */
export type MessageRef = { readonly channel: string; readonly ts: string } | { readonly chatId: string; readonly messageId: number }

/** One incident as its message shows it: the latest step, and what people did to it since. */
export interface ShownIncident {
  readonly change: StatusChange
  readonly ackedBy?: string
  readonly mutedUntil?: number
  readonly mutedBy?: string
}

/**
 * A chain's living incident message on one channel (store item `MESSAGE / <channel>#<chain>`): posted when the
 * first incident opens, edited in place as incidents of the chain open, escalate, are acked or muted and
 * resolve, forgotten once every incident it shows is resolved. Plain data, stored as is.
 */
export interface LivingMessage {
  /** Channel name (`slack`, `telegram`). */
  readonly channel: string
  readonly chain: string
  readonly ref: MessageRef
  /** In the order they joined the message. */
  readonly incidents: readonly ShownIncident[]
  /** Unix seconds. */
  readonly postedAt: number
  readonly updatedAt: number
}
