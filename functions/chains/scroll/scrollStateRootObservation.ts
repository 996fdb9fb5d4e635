import type { Alarm, BlockRef, StateRootObservation } from '../../types.js'
import type { ScrollChainState } from './readScrollChainState.js'

/**
 * State roots on Scroll: a bundle is final as soon as its proof verifies, so "last root posted" is
 * miscData.lastFinalizeTimestamp (no log scan needed). The finalized L2 state is the L2 `finalized` block, where
 * the RPC serves it (l2geth with --rollup.verify); ScrollChain stores no L2 block number.
 */
export function scrollStateRootObservation(state: ScrollChainState, l2Finalized: BlockRef | undefined): StateRootObservation {
  const alarms: Alarm[] = []
  if (state.paused) alarms.push({ severity: 'crit', message: 'ScrollChain is paused: batches can be neither committed nor finalized' })
  return {
    source: 'scroll-batches',
    // initializeV2 sets it, so 0 means the contract never finalized anything.
    ...(state.lastFinalizeTimestamp > 0 ? { lastPostedAt: state.lastFinalizeTimestamp } : {}),
    ...(l2Finalized ? { finalizedL2Block: l2Finalized.number, finalizedL2Timestamp: l2Finalized.timestamp } : {}),
    ...(alarms.length > 0 ? { alarms } : {}),
  }
}
