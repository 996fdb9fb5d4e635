import type { BreakerConfig } from '../config/breakerSchema.js'
import type { BreakerStore } from './breakerStore.js'
import { manualPauseRefusal, resumeRefusal } from './manualRequest.js'

export type ManualActionAnswer =
  /** Stored for the next tick, which carries it out on the breaker's own path. */
  | { readonly outcome: 'queued' }
  /** Shadow mode: a pause is decided and answered, never sent. */
  | { readonly outcome: 'would-pause' }
  | { readonly outcome: 'refused'; readonly reason: string }

/**
 * The manual-pause entry point for people (chat ops): checks what can be checked now (mode, the action's
 * phase) so the answer is immediate, then stores the request for the next tick (`dryRun`: only the checks). Pause happens in armed mode
 * only; in shadow mode the answer is "would pause" and nothing is stored.
 */
export async function requestManualAction(
  store: BreakerStore,
  { breaker, kind, action: actionName, by, now, dryRun = false }: { breaker: BreakerConfig | undefined; kind: 'pause' | 'resume'; action: string; by: readonly string[]; now: number; dryRun?: boolean },
): Promise<ManualActionAnswer> {
  const action = breaker?.actions.find((a) => a.name === actionName)
  if (!breaker || !action) return { outcome: 'refused', reason: `no breaker action is named "${actionName}"` }
  if (breaker.mode === 'off') return { outcome: 'refused', reason: 'the breaker is off (breaker.mode: off)' }
  const state = await store.getState(action.name)
  const refusal = kind === 'pause' ? manualPauseRefusal(state, now) : resumeRefusal(action, state, now)
  if (refusal) return { outcome: 'refused', reason: refusal }
  if (kind === 'pause' && breaker.mode === 'shadow') return { outcome: 'would-pause' }
  const waiting = await store.getRequest(action.name)
  if (dryRun) return waiting && now - waiting.at <= 600 ? { outcome: 'refused', reason: `a ${waiting.kind} requested by ${waiting.by.join(', ')} is waiting for the next tick already` } : { outcome: 'queued' }
  if (waiting && now - waiting.at <= 600) return { outcome: 'refused', reason: `a ${waiting.kind} requested by ${waiting.by.join(', ')} is waiting for the next tick already` }
  // A stale request nobody took up is replaced (the tick drops such requests anyway).
  if (waiting) await store.deleteRequest(waiting)
  if (!(await store.putRequest({ action: action.name, kind, by, at: now }))) return { outcome: 'refused', reason: 'another request for this action arrived just now; look at the channel' }
  return { outcome: 'queued' }
}
