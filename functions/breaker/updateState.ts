import type { BreakerContext } from './BreakerContext.js'
import type { ActionState } from './types.js'

const RETRIES_ON_CONTENTION = 5

/** Read → change → conditional put, retried when another writer got in between; `change` may decline (undefined). */
export async function updateState(
  ctx: Pick<BreakerContext, 'store'>,
  action: string,
  change: (state: ActionState) => ActionState | undefined,
): Promise<ActionState | undefined> {
  for (let attempt = 0; attempt < RETRIES_ON_CONTENTION; attempt++) {
    const current = await ctx.store.getState(action)
    if (!current) return undefined
    const next = change(current)
    if (!next) return undefined
    const written = { ...next, version: current.version + 1 }
    if (await ctx.store.putState(written, current.version)) return written
  }
  return undefined
}
