import type { Observation, Verdict } from '../types.js'
import { classify } from './classify.js'
import type { Thresholds } from './defaultThresholds.js'
import { formatSeconds } from './formatSeconds.js'

/** Seconds since the newest L2 block (`latest`): is the sequencer producing blocks? */
export function liveness(observation: Observation, thresholds: Thresholds, now: number): Verdict {
  const threshold = thresholds.liveness
  const base = { chain: observation.chain, check: 'liveness', unit: 's', threshold } as const
  if (!observation.l2.ok)
    return { ...base, status: 'unknown', value: null, reason: `cannot read the L2 head: ${observation.l2.error}` }

  const { latest } = observation.l2.value
  // A node clock slightly ahead of ours must not read as a negative age.
  const age = Math.max(0, now - latest.timestamp)
  const status = classify(age, threshold)
  const reason =
    status === 'ok'
      ? `newest L2 block #${latest.number} is ${formatSeconds(age)} old`
      : `no new L2 block for ${formatSeconds(age)} (last #${latest.number})${status === 'crit' ? ': block production stalled' : ''}`
  return { ...base, status, value: age, reason, details: { block: Number(latest.number) } }
}
