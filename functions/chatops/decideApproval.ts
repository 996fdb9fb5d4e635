import type { ChatChannel, ChatUser } from './ChatCommand.js'

/** How long a pause/resume waits for its second approval. */
export const approvalWindowSeconds = 10 * 60

/** A pause or resume waiting for a second allowlisted user (`pauseApprovals: 2`). */
export interface ApprovalRequest {
  /** Random, unguessable: it is the Approve button's value. */
  readonly id: string
  readonly kind: 'pause' | 'resume'
  readonly action: string
  readonly channel: ChatChannel
  readonly requestedBy: ChatUser
  readonly requestedAt: number
  readonly expiresAt: number
  readonly state: 'pending' | 'approved'
  readonly approvedBy?: ChatUser
  readonly approvedAt?: number
}

export type ApprovalDecision = { readonly ok: true } | { readonly ok: false; readonly reason: string }

/**
 * May `approver` give the second approval of `request` now? Pure. Distinct users of the same channel: a Slack
 * and a Telegram account may be one person, so an approval never crosses channels.
 */
export function decideApproval(request: ApprovalRequest | undefined, approver: ChatUser, now: number): ApprovalDecision {
  if (!request) return { ok: false, reason: 'no such request (it may have expired): start again with pause/resume' }
  if (request.state !== 'pending') return { ok: false, reason: `already approved by ${request.approvedBy?.name ? `@${request.approvedBy.name}` : (request.approvedBy?.id ?? 'someone')}` }
  if (now >= request.expiresAt) return { ok: false, reason: `the request expired at ${new Date(request.expiresAt * 1000).toISOString()} (approvals hold 10 minutes): start again` }
  if (approver.channel !== request.channel) return { ok: false, reason: `approve it from ${request.channel}, where it was requested` }
  if (approver.id === request.requestedBy.id) return { ok: false, reason: 'a second allowlisted user must approve: you requested it' }
  return { ok: true }
}
