import type { BreakerContext } from './BreakerContext.js'
import type { LogEntry } from './types.js'

/** One line of the action's history for `breaker status`; a store failure is swallowed. */
export async function logDecision(ctx: Pick<BreakerContext, 'store'>, entry: LogEntry): Promise<void> {
  try {
    await ctx.store.appendLog(entry)
  } catch {
    // The log is history for `breaker status`; losing a line must not stop a pause.
  }
}
