import type { DepositsObservation, Reading } from '../../types.js'
import type { PriorityQueueState } from './readDiamondState.js'
import type { PriorityTxOrigin } from './readOldestPriorityTx.js'

/**
 * `deposits` on ZKsync (pure): the oldest priority transaction the diamond has not processed (its batch not yet
 * executed on L1), aged from its NewPriorityRequest's L1 block. ZKsync Era has no enforced inclusion to count down
 * to (`forcedInclusion: 'unknown'`). `origin` is undefined when nothing waits, an error when its lookup failed.
 */
export function zksyncDepositsObservation(queue: PriorityQueueState, origin: Reading<PriorityTxOrigin> | undefined): Reading<DepositsObservation> {
  const base = {
    source: 'zksync-priority-queue',
    forcedInclusion: 'unknown',
    progress: `${queue.total - queue.size} of ${queue.total} priority transactions processed on L1`,
  } as const
  if (queue.size === 0n) return { ok: true, value: { ...base, pending: 0 } }
  const id = `priority tx #${queue.firstUnprocessed}`
  if (!origin) return { ok: false, error: `${id} waits; its L1 request was not looked up` }
  if (!origin.ok) return { ok: false, error: `${id} waits; looking up its NewPriorityRequest: ${origin.error}` }
  const { sentAt, l1Block } = origin.value
  if (sentAt === undefined) return { ok: false, error: `${id} waits; its NewPriorityRequest is not on L1 within the log scan's lookback` }
  return { ok: true, value: { ...base, pending: Number(queue.size), oldest: { id, sentAt, ...(l1Block !== undefined ? { l1Block } : {}) } } }
}
