import type { BreakerActionConfig } from '../config/breakerSchema.js'
import { announce } from './announce.js'
import type { BreakerContext } from './BreakerContext.js'
import { logDecision } from './logDecision.js'
import { readinessMessage } from './messages.js'
import type { ReadinessReport } from './types.js'

/** Stores a report; announces when readiness changed (first failure, different problems, ready again). */
export async function recordReadiness(ctx: BreakerContext, action: BreakerActionConfig, report: ReadinessReport): Promise<void> {
  const previous = await ctx.store.getReadiness(action.name)
  const key = (r: Pick<ReadinessReport, 'problems'>) => [...new Set(r.problems.map((p) => p.what))].sort().join('|')
  const changed = previous ? previous.ready !== report.ready || (!report.ready && key(previous) !== key(report)) : !report.ready
  const version = (previous?.version ?? 0) + 1
  const written = await ctx.store.putReadiness({ ...report, version }, previous?.version)
  if (!written || !changed) return
  await logDecision(ctx, {
    action: action.name,
    at: report.checkedAt,
    kind: report.ready ? 'ready' : 'not-ready',
    text: report.ready ? 'ready' : report.problems.map((p) => `${p.what}: ${p.message}`).join('; '),
  })
  await announce(ctx, action, report.ready ? 'ready' : 'not-ready', readinessMessage(action, report), { step: `v${version}`, now: report.checkedAt })
}
