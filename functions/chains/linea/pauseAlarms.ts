import type { Alarm } from '../../types.js'
import type { LineaRollupState } from './readLineaRollup.js'

export interface LineaPauseAlarms {
  /** Raise sequencer-lag: no data can be submitted to L1. */
  readonly batches: Alarm[]
  /** Raise state-root-finality: nothing can be finalized. */
  readonly stateRoots: Alarm[]
}

/**
 * LineaRollup pause types as alarms on the reading they stop. GENERAL stops both. Deployments that predate
 * STATE_DATA_SUBMISSION (isPaused(13) reverts there) pause blob and calldata submission separately: both
 * paused stops submissions (crit), one of them leaves the other path open (warn).
 */
export function pauseAlarms({ paused }: LineaRollupState): LineaPauseAlarms {
  const alarms: LineaPauseAlarms = { batches: [], stateRoots: [] }
  if (paused.general) {
    const message = 'LineaRollup is paused (GENERAL): data submission and finalization are halted'
    alarms.batches.push({ severity: 'crit', message })
    alarms.stateRoots.push({ severity: 'crit', message })
  }
  if (paused.finalization)
    alarms.stateRoots.push({ severity: 'crit', message: 'LineaRollup finalization is paused (FINALIZATION): no L2 state can be finalized on L1' })
  if (paused.stateDataSubmission)
    alarms.batches.push({ severity: 'crit', message: 'LineaRollup data submission is paused (STATE_DATA_SUBMISSION): no L2 data can be posted to L1' })
  else if (paused.stateDataSubmission === undefined && (paused.blobSubmission || paused.calldataSubmission)) {
    const both = paused.blobSubmission && paused.calldataSubmission
    const which = both ? 'blob and calldata submission are' : paused.blobSubmission ? 'blob submission is' : 'calldata submission is'
    alarms.batches.push({
      severity: both ? 'crit' : 'warn',
      message: `LineaRollup ${which} paused (${both ? 'BLOB_SUBMISSION, CALLDATA_SUBMISSION' : paused.blobSubmission ? 'BLOB_SUBMISSION' : 'CALLDATA_SUBMISSION'})`,
    })
  }
  return alarms
}
