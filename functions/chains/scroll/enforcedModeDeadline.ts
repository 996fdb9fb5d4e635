import type { ScrollChainState } from './readScrollChainState.js'

export interface EnforcedModeDeadline {
  /** L1 unix seconds after which anyone may switch ScrollChain to enforced mode (commitAndFinalizeBatch). */
  readonly at: number
  /** What starts the clock: no finalization for maxDelayEnterEnforcedMode, or an L1 message unfinalized for maxDelayMessageQueue. */
  readonly trigger: 'finalization' | 'message-queue'
}

/**
 * When permissionless batch mode opens, as ScrollChain.commitAndFinalizeBatch decides it:
 * `lastFinalizeTimestamp + maxDelayEnterEnforcedMode < block.timestamp`, or
 * `firstUnfinalizedMessageEnqueueTime + maxDelayMessageQueue < block.timestamp`. Undefined without SystemConfig.
 */
export function enforcedModeDeadline(state: ScrollChainState): EnforcedModeDeadline | undefined {
  const { maxDelayEnterEnforcedMode, maxDelayMessageQueue, lastFinalizeTimestamp, firstUnfinalizedMessageAt } = state
  if (maxDelayEnterEnforcedMode === undefined) return undefined
  const finalization: EnforcedModeDeadline = { at: lastFinalizeTimestamp + maxDelayEnterEnforcedMode, trigger: 'finalization' }
  if (maxDelayMessageQueue === undefined || firstUnfinalizedMessageAt === undefined) return finalization
  const queue: EnforcedModeDeadline = { at: firstUnfinalizedMessageAt + maxDelayMessageQueue, trigger: 'message-queue' }
  return queue.at < finalization.at ? queue : finalization
}
