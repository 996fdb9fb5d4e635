import { statusRank, type StatusChange } from '../types.js'
import type { LivingMessage, ShownIncident } from './LivingMessage.js'

export interface LivingMessagePlan {
  /** What the message shows after this batch, in joining order. */
  readonly shown: readonly ShownIncident[]
  /** `edit`: change the living message in place; `post`: a new message; `none`: nothing to show changed. */
  readonly action: 'edit' | 'post' | 'none'
  /** Reminders of incidents the message shows: replies under it (thread / reply-to), not edits. */
  readonly replies: readonly StatusChange[]
  /** Every incident shown is resolved: the message is final and the store forgets it. */
  readonly closed: boolean
}

/**
 * Pure: how a chain's due alerts change its living message. With no living message, everything is one new
 * message (a reminder or resolve whose message is gone is still told). With one, steps of incidents it shows
 * or new incidents of the chain join it as an edit, and reminders of incidents it shows become replies.
 */
export function planLivingMessage(message: LivingMessage | undefined, changes: readonly StatusChange[]): LivingMessagePlan {
  const known = new Set(message?.incidents.map((shown) => shown.change.verdict.check))
  const replies = message ? changes.filter((change) => change.kind === 'remind' && known.has(change.verdict.check)) : []
  const updates = changes.filter((change) => !replies.includes(change))
  const shown = updates.reduce(applyChange, message?.incidents ?? [])
  return {
    shown,
    action: updates.length === 0 ? 'none' : message ? 'edit' : 'post',
    replies,
    closed: shown.every(({ change }) => isResolved(change)),
  }
}

function isResolved(change: StatusChange): boolean {
  return change.kind === 'resolve' || (change.kind === undefined && change.verdict.status === 'ok')
}

/** One step into the shown list: replaces the check's entry (keeping ack/mute notes where they still hold) or joins at the end. */
function applyChange(shown: readonly ShownIncident[], change: StatusChange): ShownIncident[] {
  const index = shown.findIndex((item) => item.change.verdict.check === change.verdict.check)
  const current = index === -1 ? undefined : shown[index]!
  const next = step(current, change)
  return index === -1 ? [...shown, next] : shown.map((item, i) => (i === index ? next : item))
}

function step(current: ShownIncident | undefined, change: StatusChange): ShownIncident {
  // An ack or a mute annotates the step people saw; it has nothing new to show about the chain itself.
  if (change.kind === 'ack') return { ...(current ?? { change }), ackedBy: change.by ?? 'someone' }
  if (change.kind === 'mute')
    return { ...(current ?? { change }), ...(change.until !== undefined ? { mutedUntil: change.until } : {}), ...(change.by ? { mutedBy: change.by } : {}) }
  if (!current || isResolved(change) || change.kind === 'open') return { change }
  // An ack holds until the incident worsens (as in the alert engine); a mute until it runs out.
  const worsened = change.kind === 'escalate' && statusRank[change.verdict.status] > statusRank[change.previous]
  const { ackedBy, ...rest } = current
  return { ...(worsened ? rest : current), change }
}
