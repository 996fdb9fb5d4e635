import type { DepositsObservation, Reading } from '../../types.js'
import type { ScrollChainState } from './readScrollChainState.js'

/**
 * `deposits` on Scroll (pure): the oldest L1MessageQueueV2 message not yet finalized on L1, from this tick's counters
 * (no extra request). Enforced (permissionless) mode opens once it has waited `maxDelayMessageQueue`. Undefined
 * where the queue is unknown (check absent).
 */
export function scrollDepositsObservation(state: ScrollChainState, now: number): Reading<DepositsObservation> | undefined {
  const queue = state.messageQueue
  if (!queue) return undefined
  if ('error' in queue) return { ok: false, error: queue.error }
  const pending = queue.next > queue.nextUnfinalized ? Number(queue.next - queue.nextUnfinalized) : 0
  const base = { source: 'scroll-message-queue', forcedInclusion: 'enforced-mode', progress: `${queue.nextUnfinalized} of ${queue.next} L1 messages finalized` } as const
  const sentAt = state.firstUnfinalizedMessageAt
  if (pending === 0 || sentAt === undefined) return { ok: true, value: { ...base, pending: 0 } }
  const { maxDelayMessageQueue } = state
  return {
    ok: true,
    value: {
      ...base,
      pending,
      oldest: { id: `L1 message queue index ${queue.nextUnfinalized}`, sentAt },
      ...(maxDelayMessageQueue !== undefined ? { forcedInclusionIn: sentAt + maxDelayMessageQueue - now } : {}),
    },
  }
}
