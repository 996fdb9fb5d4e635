import { type CheckName, type Status, statusRank, type Verdict } from '../types.js'
import { classify } from './classify.js'

/**
 * Checks whose value is an age in seconds measured against `threshold`: with no new chain data it grows by one
 * each second (liveness: the newest head's age; state-root-finality: the newest root's). Other checks change
 * status only with new data (a gap between two heads, a root that does or does not match), so they have no deadline.
 */
export const ageingChecks: ReadonlySet<CheckName> = new Set<CheckName>(['liveness', 'state-root-finality'])

/**
 * The moments at which the verdict's status would worsen if the chain's data stayed as read — its age reaching
 * warn, then crit — soonest first (unix seconds); none where no such moment follows from it (not an ageing
 * check, unknown, already crit, no value). Pure: the verdict and its own threshold are the whole input.
 */
export function statusDeadlines(verdict: Verdict, now: number): { readonly at: number; readonly status: Exclude<Status, 'unknown'> }[] {
  if (!ageingChecks.has(verdict.check as CheckName) || verdict.value === null || verdict.status === 'unknown') return []
  const age = verdict.value
  return [verdict.threshold.warn, verdict.threshold.crit]
    .filter((threshold) => threshold > age)
    .map((threshold) => ({ at: now + Math.ceil(threshold - age), status: classify(threshold, verdict.threshold) }))
    .filter(({ status }) => statusRank[status] > statusRank[verdict.status])
    .sort((a, b) => a.at - b.at)
}

/** Unix seconds at which the verdict's status can next change with no new chain data, or undefined (statusDeadlines). */
export function nextDeadline(verdict: Verdict, now: number): number | undefined {
  return statusDeadlines(verdict, now)[0]?.at
}
