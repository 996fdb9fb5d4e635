import type { Observation, StateRootObservation, Status, Verdict } from '../types.js'
import { worstStatus } from '../types.js'
import { classify } from './classify.js'
import type { Thresholds } from './defaultThresholds.js'
import { formatSeconds } from './formatSeconds.js'

/** What "a state root posted to L1" is called on each stack, for reason lines. */
const rootNames: Record<StateRootObservation['source'], string> = {
  'dispute-games': 'dispute game (output root)',
  'l2-output-oracle': 'output root',
  'arbitrum-assertions': 'assertion',
  'zksync-batches': 'proven batch',
  'scroll-batches': 'finalized batch',
  'linea-finalization': 'finalization',
}

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
  const what = rootNames[roots.source]
  if (roots.lastPostedAt === undefined) {
    const alarms = roots.alarms ?? []
    // A crit alarm (e.g. a pre-BoLD rollup) says why no root was read; "never posted" would mislead then.
    const explained = alarms.some((alarm) => alarm.severity === 'crit')
    const never = `no ${what} has ever been posted${roots.respectedGameType !== undefined ? ` for respected game type ${roots.respectedGameType}` : ''}`
    return {
      ...base,
      status: 'crit',
      value: null,
      reason: [...(explained ? [] : [never]), ...alarms.map((alarm) => alarm.message)].join('; '),
    }
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
  const overdueGames = roots.overdueGames ?? 0
  const challengerWins = roots.challengerWins ?? 0
  if (overdueGames > 0) {
    statuses.push('warn')
    parts.push(`${overdueGames} game${overdueGames === 1 ? '' : 's'} overdue for resolution`)
  }
  if (challengerWins > 0) {
    statuses.push('crit')
    parts.push(`${challengerWins} respected game${challengerWins === 1 ? '' : 's'} resolved CHALLENGER_WINS (invalid root proposed)`)
  }
  if (roots.paused) {
    statuses.push('crit')
    parts.push('AnchorStateRegistry is paused (withdrawals halted)')
  }
  for (const alarm of roots.alarms ?? []) {
    statuses.push(alarm.severity)
    parts.push(alarm.message)
  }

  return {
    ...base,
    status: worstStatus(statuses),
    value: age,
    reason: parts.join('; '),
    details: {
      finalizedAge,
      overdueGames,
      challengerWins,
      source: roots.source,
      ...(roots.lastPostedL2Block !== undefined ? { lastPostedL2Block: Number(roots.lastPostedL2Block) } : {}),
    },
  }
}
