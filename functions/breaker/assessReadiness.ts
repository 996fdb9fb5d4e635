import type { BreakerActionConfig } from '../config/breakerSchema.js'
import { describeError } from '../rpc/describeError.js'
import type { BreakerContext } from './BreakerContext.js'
import { checkReadiness } from './checkReadiness.js'
import { pausePlan } from './pausePlan.js'
import type { ReadinessReport } from './types.js'

/** Could the action pause now? checkReadiness on its pause plan; a missing signer or a thrown error is a problem in the report. */
export async function assessReadiness(ctx: BreakerContext, action: BreakerActionConfig, now: number): Promise<ReadinessReport> {
  const { signer } = ctx
  if (!signer) return { action: action.name, checkedAt: now, ready: false, problems: [{ what: 'signer', message: 'no signer configured' }], notes: [] }
  try {
    return await checkReadiness({ action: action.name, plan: pausePlan(ctx, action), signer, clients: ctx.clients, minBalance: action.minBalance ?? ctx.minBalance, now })
  } catch (error) {
    return { action: action.name, checkedAt: now, ready: false, problems: [{ what: 'readiness', message: describeError(error) }], notes: [] }
  }
}
