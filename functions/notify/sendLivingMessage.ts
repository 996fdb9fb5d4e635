import type { StatusChange } from '../types.js'
import type { SentMessage } from './Channel.js'
import type { LivingMessage, MessageRef, ShownIncident } from './LivingMessage.js'
import { NotifyError } from './NotifyError.js'
import { planLivingMessage } from './planLivingMessage.js'

/** The three things a chat API does to a living message; each rejects with a NotifyError. */
export interface LivingMessageOps {
  post(shown: readonly ShownIncident[]): Promise<MessageRef>
  edit(ref: MessageRef, shown: readonly ShownIncident[]): Promise<void>
  reply(ref: MessageRef, reminders: readonly StatusChange[]): Promise<void>
}

/**
 * The executor of `planLivingMessage`: post, or edit in place, then reply the reminders under the message.
 * An edit the API refuses (message deleted, too old, server error) is posted as a new message, which then
 * lives on; a rate limit or an unreachable API is thrown for the outbox to retry (a new post would fail too,
 * or double the message once the API is back).
 */
export async function sendLivingMessage(ops: LivingMessageOps, changes: readonly StatusChange[], message: LivingMessage | undefined): Promise<SentMessage | undefined> {
  if (changes.length === 0) return message && { ref: message.ref, incidents: message.incidents }
  const plan = planLivingMessage(message, changes)
  let ref = message?.ref
  if (plan.action === 'post' || !ref) ref = await ops.post(plan.shown)
  else if (plan.action === 'edit') {
    try {
      await ops.edit(ref, plan.shown)
    } catch (error) {
      if (!editRefused(error)) throw error
      ref = await ops.post(plan.shown)
    }
  }
  if (plan.replies.length > 0) await ops.reply(ref, plan.replies)
  return plan.closed ? undefined : { ref, incidents: plan.shown }
}

/** The API answered and said no (an API error or an HTTP error other than 429): posting anew can work. */
function editRefused(error: unknown): boolean {
  if (!(error instanceof NotifyError)) return false
  if (error.status === 429 || error.retryAfter !== undefined) return false
  return error.status !== undefined || error.apiError !== undefined
}
