import type { AlertDecision } from '../alerts/evaluateAlerts.js'
import type { AlertSettings } from '../alerts/alertSettings.js'
import { statusDeadlines } from '../checks/nextDeadline.js'
import type { CheckName, Verdict } from '../types.js'

/** A read of one chain asked for before its regular poll. */
export interface PlannedRead {
  readonly chain: string
  /** Unix seconds. */
  readonly at: number
  /** `deadline`: a check's status can change then; `confirm`: a first breach waits for its confirming observation. */
  readonly reason: 'deadline' | 'confirm'
  readonly check: CheckName
}

/**
 * Seconds between a first breach and the read that confirms it (the second of `alerts.for` observations): a
 * new read, so one odd answer still pages nobody, without waiting a whole poll interval.
 */
export const confirmReadSeconds = 3

export interface PlanReadsParameters {
  readonly verdicts: readonly Verdict[]
  /** The alert engine's decisions of the same tick (the states after it). */
  readonly decisions: readonly AlertDecision[]
  readonly settingsFor: (chain: string) => AlertSettings
  /** Unix seconds of the tick. */
  readonly now: number
}

/**
 * When each chain should next be read, where that is sooner than "whenever the regular poll comes" (pure):
 * - a breach seen but not yet alerted (streak below `for`) is confirmed `confirmReadSeconds` later (with
 *   `forSeconds` set, when that time is up);
 *   `rpc-unavailable` counts time, not reads, so it is read again when `rpcUnavailableAfter` is up;
 * - an ageing check (statusDeadlines) is read the second its age reaches the next threshold. A liveness head
 *   that moved in this very read asks only for its crit deadline: its warn is often shorter than the poll
 *   interval (Arbitrum 10 s vs 15 s), and chasing it would read a healthy chain at the warn pace for ever.
 * One read per chain, the earliest; the caller drops those after its next regular poll of the chain.
 */
export function planReads({ verdicts, decisions, settingsFor, now }: PlanReadsParameters): PlannedRead[] {
  const earliest = new Map<string, PlannedRead>()
  const ask = (read: PlannedRead) => {
    if (read.at <= now) return
    const known = earliest.get(read.chain)
    if (!known || read.at < known.at) earliest.set(read.chain, read)
  }

  for (const verdict of verdicts) {
    const headJustMoved = verdict.check === 'liveness' && verdict.details?.headUnchangedFor === 0
    const deadline = statusDeadlines(verdict, now).find(({ status }) => status === 'crit' || !headJustMoved)
    if (deadline) ask({ chain: verdict.chain, at: deadline.at, reason: 'deadline', check: verdict.check as CheckName })
  }

  const blind = new Set(verdicts.filter((v) => v.check === 'rpc-unavailable' && v.status !== 'ok').map((v) => v.chain))
  for (const { state } of decisions) {
    // Pending: a status other than ok that people have not been told about yet.
    if (state.status === 'ok' || state.incident?.status === state.status) continue
    const settings = settingsFor(state.chain)
    if (state.check === 'rpc-unavailable') {
      ask({ chain: state.chain, at: state.since + settings.rpcUnavailableAfter, reason: 'confirm', check: state.check })
      continue
    }
    // Folded into rpc-unavailable while blind: never paged on its own.
    if (state.status === 'unknown' && blind.has(state.chain)) continue
    // With `forSeconds` the hold is measured in time: read again when it is up, not at the quick-confirm pace.
    const at = settings.forSeconds !== undefined ? state.since + settings.forSeconds : now + confirmReadSeconds
    if (state.streak < settings.for) ask({ chain: state.chain, at, reason: 'confirm', check: state.check })
  }
  return [...earliest.values()]
}
