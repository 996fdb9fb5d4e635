import { describeError } from '../rpc/describeError.js'
import type { Observation, Verdict } from '../types.js'
import { assessReadiness } from './assessReadiness.js'
import type { BreakerContext } from './BreakerContext.js'
import { processAction } from './processAction.js'
import { recordReadiness } from './recordReadiness.js'
import type { BreakerOutcome } from './types.js'

export interface AfterTickInput {
  readonly results: readonly Verdict[]
  readonly observations?: readonly Observation[]
  readonly now: number
  /** The tick read only these chains (an early read): actions on other chains are left as they are. */
  readonly chains?: readonly string[]
}

/**
 * After a tick: every action (of the tick's chains) moves one step, one after another; in armed mode, on one
 * tick in `readiness.everyTicks`, readiness is checked and recorded. Never throws: failures are outcomes.
 */
export async function afterTick(ctx: BreakerContext, { results, now, chains }: AfterTickInput): Promise<BreakerOutcome[]> {
  const { mode, actions } = ctx
  if (mode === 'off' || actions.length === 0) return []
  const outcomes: BreakerOutcome[] = []
  // One action after another: actions sharing a signer and chain must not race for a nonce.
  for (const action of chains ? actions.filter((a) => chains.includes(a.chain)) : actions) {
    try {
      outcomes.push(await processAction(ctx, action, results, now))
    } catch (error) {
      outcomes.push({ action: action.name, decision: 'error', message: describeError(error) })
    }
  }
  if (mode === 'armed') {
    try {
      const tick = await ctx.store.countTick()
      if ((tick - 1) % ctx.readinessEveryTicks === 0) for (const action of actions) await recordReadiness(ctx, action, await assessReadiness(ctx, action, now))
    } catch (error) {
      outcomes.push({ action: '*', decision: 'error', message: `readiness: ${describeError(error)}` })
    }
  }
  return outcomes
}
