import type { ProofSystemObservation } from '../../types.js'
import { describeGameType, gameFamilyOf } from './gameFamilies.js'
import type { DisputeGamesReading } from './readDisputeGames.js'

export interface DescribeOpProofSystemParameters {
  readonly reading: DisputeGamesReading
  /** DisputeGameFactory.gameImpls(respected type) was set at discovery (for the type discovered then). */
  readonly hasImplementation: boolean
}

const consequences = {
  'respected game type': 'withdrawals proven against older games must be re-proven',
  'retirement timestamp': 'games created before it can no longer finalize withdrawals',
}

/** The OP Stack chain's settlement rules as the `proof-system` check judges them (pure). */
export function describeOpProofSystem({ reading, hasImplementation }: DescribeOpProofSystemParameters): ProofSystemObservation {
  const type = reading.respectedGameType ?? -1
  const family = gameFamilyOf(type)
  const retired = reading.retirementTimestamp ? new Date(reading.retirementTimestamp * 1000).toISOString() : undefined
  return {
    family: family?.name ?? 'unknown',
    description: `respected game type ${describeGameType(type)}${family ? `, ${family.name} game` : ''}`,
    facts: { 'respected game type': describeGameType(type), ...(retired ? { 'retirement timestamp': retired } : {}) },
    consequences,
    alarms: [
      ...(family ? [] : [{ severity: 'warn' as const, message: `respected game type ${type} is not known to this watchtower; only posting age is checked` }]),
      ...(hasImplementation ? [] : [{ severity: 'crit' as const, message: `respected game type ${type} has no implementation in the DisputeGameFactory: no game can be created` }]),
      ...(reading.paused ? [{ severity: 'crit' as const, message: 'AnchorStateRegistry is paused (withdrawals halted)' }] : []),
    ],
    details: { respectedGameType: type, ...(reading.retirementTimestamp !== undefined ? { retirementTimestamp: reading.retirementTimestamp } : {}) },
  }
}
