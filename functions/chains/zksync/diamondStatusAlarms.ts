import { zeroAddress } from 'viem'
import type { Alarm } from '../../types.js'
import type { DiamondState } from './readDiamondState.js'

/**
 * Conditions under which the diamond's L1 counters and events stop describing the chain: batches settling on
 * another chain (ZK Gateway), so commits and proofs no longer land here and must not read as healthy; or a
 * frozen diamond, which refuses every commit, proof and execution.
 */
export function diamondStatusAlarms({ settlementLayer, frozen }: Pick<DiamondState, 'settlementLayer' | 'frozen'>): Alarm[] {
  const alarms: Alarm[] = []
  if (settlementLayer !== undefined && settlementLayer !== zeroAddress)
    alarms.push({ severity: 'crit', message: `batches settle on another chain (settlement layer ${settlementLayer}): L1 getters lag` })
  if (frozen)
    alarms.push({ severity: 'crit', message: 'diamond storage is frozen: no batch can be committed, proven or executed' })
  return alarms
}
