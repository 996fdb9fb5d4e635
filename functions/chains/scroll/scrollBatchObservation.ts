import { formatSeconds } from '../../checks/formatSeconds.js'
import type { Alarm, BatchObservation } from '../../types.js'
import type { FoundLog } from '../LogCursor.js'
import { enforcedModeDeadline } from './enforcedModeDeadline.js'
import type { ScrollChainState } from './readScrollChainState.js'
import type { BatchLogs } from './scanBatchLogs.js'

/** A RevertBatch keeps its alarm this long, so an alert engine needing several breaching ticks still sees it. */
export const revertAlarmSeconds = 3600

export const enforcedModeMessage = 'enforced (permissionless) batch mode is ON'

function revertedRange(log: FoundLog): string {
  const { startBatchIndex, finishBatchIndex, batchIndex } = log.args
  if (startBatchIndex !== undefined && finishBatchIndex !== undefined)
    return startBatchIndex === finishBatchIndex ? `batch #${startBatchIndex}` : `batches #${startBatchIndex}–#${finishBatchIndex}`
  return `batch #${batchIndex ?? '?'}`
}

/**
 * Batch posting on Scroll: lastBatchAt = L1 time of the newest CommitBatch, lastBatchNumber =
 * miscData.lastCommittedBatchIndex. The sequencer-lag check counts the force-inclusion countdown from
 * lastBatchAt, but Scroll's enforced-mode clock runs from lastFinalizeTimestamp (or the oldest unfinalized L1
 * message), so the window is reported relative to lastBatchAt: lastBatchAt + window = the real deadline, and
 * `forceInclusionIn` is exact. (It can be below maxDelayEnterEnforcedMode, even negative, when finalization
 * lags commits.) While enforced mode is already on there is nothing left to count down: the alarm says it.
 */
export function scrollBatchObservation(state: ScrollChainState, logs: BatchLogs, now: number): BatchObservation {
  const alarms: Alarm[] = []
  if (state.enforcedMode)
    alarms.push({ severity: 'crit', message: `${enforcedModeMessage}: anyone may commit and finalize batches; the sequencer no longer orders L2` })
  const revert = logs.lastRevert
  if (revert && now - revert.timestamp < revertAlarmSeconds)
    alarms.push({
      severity: 'warn',
      message: `${revertedRange(revert)} reverted on L1 ${formatSeconds(Math.max(0, now - revert.timestamp))} ago (committed L2 blocks rolled back)`,
    })

  const lastBatchAt = logs.lastCommit?.timestamp
  const deadline = state.enforcedMode ? undefined : enforcedModeDeadline(state)
  return {
    source: 'scroll-commits',
    lastBatchNumber: state.lastCommittedBatchIndex,
    ...(lastBatchAt !== undefined ? { lastBatchAt } : {}),
    ...(lastBatchAt !== undefined && deadline ? { forceInclusionWindowSeconds: deadline.at - lastBatchAt } : {}),
    ...(alarms.length > 0 ? { alarms } : {}),
  }
}
