import type { Alarm } from '../../types.js'
import type { DiamondState } from './readDiamondState.js'

/**
 * A frozen diamond refuses every commit, proof and execution. (A chain settling elsewhere is the proof-system
 * check's business: its batches are then read on the settlement layer, or reported unknown.)
 */
export function diamondStatusAlarms({ frozen }: Pick<DiamondState, 'frozen'>): Alarm[] {
  const alarms: Alarm[] = []
  if (frozen)
    alarms.push({ severity: 'crit', message: 'diamond storage is frozen: no batch can be committed, proven or executed' })
  return alarms
}
