import { type CheckState, stateKey } from '../store/Store.js'
import type { StatusChange, Verdict } from '../types.js'

export interface StateWrite {
  readonly state: CheckState
  /** Version the write is conditional on; undefined for a first write. */
  readonly expectedVersion: number | undefined
  /** Set when the write records a status change people must hear about. */
  readonly change?: StatusChange
}

/**
 * Pure: which chain×check states to write this tick, and which of those are status changes. A chain×check
 * seen for the first time starts from an implicit `ok`, so a first `ok` is silent and anything else is news.
 * Nothing is written while the status stays the same (the heartbeat carries fresh values).
 */
export function evaluateTransitions(verdicts: readonly Verdict[], states: ReadonlyMap<string, CheckState>, now: number): StateWrite[] {
  const writes: StateWrite[] = []
  for (const verdict of verdicts) {
    const previous = states.get(stateKey(verdict.chain, verdict.check))
    const previousStatus = previous?.status ?? 'ok'
    if (previous && previous.status === verdict.status) continue
    const state: CheckState = {
      chain: verdict.chain,
      check: verdict.check,
      status: verdict.status,
      since: now,
      value: verdict.value,
      unit: verdict.unit,
      reason: verdict.reason,
      threshold: verdict.threshold,
      previousStatus,
      ...(previous ? { previousSince: previous.since } : {}),
      ...(previous?.lastNotifiedStatus ? { lastNotifiedStatus: previous.lastNotifiedStatus } : {}),
      updatedAt: now,
      version: (previous?.version ?? 0) + 1,
    }
    const isNews = previousStatus !== verdict.status
    writes.push({
      state,
      expectedVersion: previous?.version,
      ...(isNews
        ? { change: { verdict, previous: previousStatus, since: now, ...(previous ? { previousSince: previous.since } : {}) } }
        : {}),
    })
  }
  return writes
}
