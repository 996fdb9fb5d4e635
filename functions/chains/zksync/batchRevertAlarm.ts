import { formatSeconds } from '../../checks/formatSeconds.js'
import type { Alarm } from '../../types.js'
import type { DiamondEventScan } from './scanDiamondEvents.js'

/** A revert keeps the alarm up this long after its L1 block, so one tick's finding is not resolved the next. */
export const revertAlarmSeconds = 3600

/**
 * Crit when batches were reverted (committed or proven batches thrown away): when the newest BlocksRevert log
 * is new since the previous tick's scan, or less than revertAlarmSeconds old.
 */
export function batchRevertAlarm({ latest, previous }: DiamondEventScan, now: number): Alarm | undefined {
  if (!latest) return undefined
  const seenBefore = previous?.latest !== undefined && previous.latest.blockNumber >= latest.blockNumber
  const newSinceLastTick = previous !== undefined && !seenBefore
  const age = Math.max(0, now - latest.timestamp)
  if (!newSinceLastTick && age >= revertAlarmSeconds) return undefined
  const { totalBatchesCommitted, totalBatchesVerified, totalBatchesExecuted } = latest.args
  return {
    severity: 'crit',
    message:
      `batches reverted on L1 ${formatSeconds(age)} ago (L1 block #${latest.blockNumber}): ` +
      `committed back to ${totalBatchesCommitted}, verified ${totalBatchesVerified}, executed ${totalBatchesExecuted}`,
  }
}
