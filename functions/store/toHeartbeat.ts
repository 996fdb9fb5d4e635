import { boundVerdict } from '../checks/boundVerdict.js'
import { statusRank, type Status, type Verdict } from '../types.js'
import type { Heartbeat } from './Store.js'

/** Not-ok verdicts kept in the heartbeat: a page of them, a few tens of KB at most. */
export const heartbeatVerdictLimit = 50

/** The heartbeat of a tick: counts and the worst not-ok verdicts, bounded however many chains there are. */
export function toHeartbeat({ at, durationMs, results }: { at: number; durationMs: number; results: readonly Verdict[] }): Heartbeat {
  const counts: Record<Status, number> = { ok: 0, warn: 0, crit: 0, unknown: 0 }
  for (const verdict of results) counts[verdict.status] += 1
  const notOk = results
    .filter((verdict) => verdict.status !== 'ok')
    // Stable: chains keep their config order within one severity.
    .sort((a, b) => statusRank[b.status] - statusRank[a.status])
  return {
    at,
    durationMs,
    chains: new Set(results.map((verdict) => verdict.chain)).size,
    counts,
    notOk: notOk.slice(0, heartbeatVerdictLimit).map(({ details: _details, ...verdict }) => boundVerdict(verdict)),
    omitted: Math.max(0, notOk.length - heartbeatVerdictLimit),
  }
}
