import type { Observation, ProofSystemChange, Status, Verdict } from '../types.js'
import { worstStatus } from '../types.js'
import type { Thresholds } from './defaultThresholds.js'
import { formatSeconds } from './formatSeconds.js'

/** How long a change of settlement rules stays a warning: long enough for every shift to see it. */
export const proofSystemChangeWarnSeconds = 86400

const changeLine = (change: ProofSystemChange, consequence: string | undefined, now: number): string =>
  `${change.fact} changed ${change.from} → ${change.to}${change.l1Block !== undefined ? ` at L1 block ${change.l1Block}` : ''}` +
  ` (${formatSeconds(Math.max(0, now - change.at))} ago)${consequence ? `: ${consequence}` : ''}`

/**
 * Which settlement rules the chain runs under: ok while they are known and unchanged; warn for a day after a
 * change (withdrawals proven against older games may need re-proving) and for a family this watchtower does
 * not know; crit on the adapter's crit alarms (paused registry, no implementation). `value` is the age of the
 * newest change, null when none is remembered.
 */
export function proofSystem(observation: Observation, _thresholds: Thresholds, now: number): Verdict | undefined {
  if (!observation.proofSystem) return undefined
  const threshold = { warn: proofSystemChangeWarnSeconds, crit: proofSystemChangeWarnSeconds * 2 }
  const base = { chain: observation.chain, check: 'proof-system', unit: 's', threshold } as const
  if (!observation.proofSystem.ok)
    return { ...base, status: 'unknown', value: null, reason: `cannot read the proof system on L1: ${observation.proofSystem.error}` }

  const system = observation.proofSystem.value
  const changes = (system.changes ?? []).filter((change) => now - change.at < proofSystemChangeWarnSeconds)
  const statuses: Status[] = ['ok', ...changes.map(() => 'warn' as const), ...(system.alarms ?? []).map((alarm) => alarm.severity)]
  const parts = [system.description, ...changes.map((change) => changeLine(change, system.consequences?.[change.fact], now)), ...(system.alarms ?? []).map((alarm) => alarm.message)]
  const newest = changes.reduce<number | null>((latest, change) => Math.max(latest ?? 0, change.at), null)
  return {
    ...base,
    status: worstStatus(statuses),
    value: newest === null ? null : Math.max(0, now - newest),
    reason: parts.join('; '),
    details: { proofSystem: system.family, ...system.details },
  }
}
