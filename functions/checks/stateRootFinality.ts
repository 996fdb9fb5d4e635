import type { Observation, Status, Verdict } from '../types.js'
import { worstStatus } from '../types.js'
import { classify } from './classify.js'
import type { Thresholds } from './defaultThresholds.js'
import { formatSeconds } from './formatSeconds.js'

/**
 * Seconds since the newest (respected) state root was posted on L1, refined by the age of the newest
 * finalized L2 state, games overdue for resolution, invalid roots and a paused registry.
 * Returns undefined for stacks that settle nothing on L1 (plain EVM).
 */
export function stateRootFinality(observation: Observation, thresholds: Thresholds, now: number): Verdict | undefined {
  if (!observation.stateRoots) return undefined
  const threshold = thresholds.stateRootFinality
  const base = { chain: observation.chain, check: 'state-root-finality', unit: 's', threshold } as const
  if (!observation.stateRoots.ok)
    return { ...base, status: 'unknown', value: null, reason: `cannot read state roots on L1: ${observation.stateRoots.error}` }

  const roots = observation.stateRoots.value
  const what = roots.source === 'dispute-games' ? 'dispute game (output root)' : 'output root'
  if (roots.lastPostedAt === undefined)
    return {
      ...base,
      status: 'crit',
      value: null,
      reason: `no ${what} has ever been posted${roots.respectedGameType !== undefined ? ` for respected game type ${roots.respectedGameType}` : ''}`,
    }

  const age = Math.max(0, now - roots.lastPostedAt)
  const statuses: Status[] = [classify(age, threshold)]
  const parts = [`last ${what} posted ${formatSeconds(age)} ago${roots.lastPostedL2Block !== undefined ? ` (L2 #${roots.lastPostedL2Block})` : ''}`]

  let finalizedAge: number | null = null
  if (roots.finalizedL2Timestamp !== undefined) {
    finalizedAge = Math.max(0, now - roots.finalizedL2Timestamp)
    const finalizedStatus = classify(finalizedAge, thresholds.stateRootFinalized)
    statuses.push(finalizedStatus)
    parts.push(`finalized L2 state ${formatSeconds(finalizedAge)} old${finalizedStatus === 'ok' ? '' : ` (${finalizedStatus})`}`)
  }
  if (roots.overdueGames > 0) {
    statuses.push('warn')
    parts.push(`${roots.overdueGames} game${roots.overdueGames === 1 ? '' : 's'} overdue for resolution`)
  }
  if (roots.challengerWins > 0) {
    statuses.push('crit')
    parts.push(`${roots.challengerWins} respected game${roots.challengerWins === 1 ? '' : 's'} resolved CHALLENGER_WINS (invalid root proposed)`)
  }
  if (roots.paused) {
    statuses.push('crit')
    parts.push('AnchorStateRegistry is paused (withdrawals halted)')
  }

  return {
    ...base,
    status: worstStatus(statuses),
    value: age,
    reason: parts.join('; '),
    details: {
      finalizedAge,
      overdueGames: roots.overdueGames,
      challengerWins: roots.challengerWins,
      source: roots.source,
      ...(roots.lastPostedL2Block !== undefined ? { lastPostedL2Block: Number(roots.lastPostedL2Block) } : {}),
    },
  }
}
