import { futureToleranceSeconds } from '../chains/futureToleranceSeconds.js'
import type { Observation, Status, Verdict } from '../types.js'
import { classify } from './classify.js'
import type { Thresholds } from './defaultThresholds.js'
import { formatSeconds } from './formatSeconds.js'
import { noForcedInclusion } from './forcedInclusionNotes.js'

/**
 * Is the sequencer producing blocks? The age is the larger of "now − newest block timestamp" and "now − when a
 * higher head number was last first seen" (wall clock, from the tick's head memory: the rule of Chainlink's
 * sequencer-uptime feeds), so a frozen head stamped in the future cannot read fresh. A timestamp ahead of our
 * clock, or a head below one seen before, is at least warn.
 */
export function liveness(observation: Observation, thresholds: Thresholds, now: number): Verdict {
  const threshold = thresholds.liveness
  const base = { chain: observation.chain, check: 'liveness', unit: 's', threshold } as const
  if (!observation.l2.ok)
    return { ...base, status: 'unknown', value: null, reason: `cannot read the L2 head: ${observation.l2.error}` }

  const { latest, headFirstSeenAt, headWentBackFrom } = observation.l2.value
  const blockAge = now - latest.timestamp
  const headUnchangedFor = headFirstSeenAt === undefined ? 0 : Math.max(0, now - headFirstSeenAt)
  // A node clock slightly ahead of ours must not read as a negative age.
  const age = Math.max(0, blockAge, headUnchangedFor)
  const inFuture = -blockAge > futureToleranceSeconds
  const byAge = classify(age, threshold)
  const status: Status = byAge === 'ok' && (inFuture || headWentBackFrom !== undefined) ? 'warn' : byAge

  const notes: string[] = []
  if (inFuture) notes.push(`its timestamp is ${formatSeconds(-blockAge)} in the future (the node's clock or the RPC is wrong)`)
  if (headWentBackFrom !== undefined) notes.push(`the head went backwards from #${headWentBackFrom} to #${latest.number}`)
  // Where L1 offers no way around the sequencer, a stall leaves users waiting for the operator: say so.
  const noEscape = noForcedInclusion[observation.stack]
  if (byAge !== 'ok' && noEscape) notes.push(`${noEscape}: transactions wait until the operator produces blocks again`)
  const main =
    byAge === 'ok'
      ? inFuture
        ? `newest L2 block #${latest.number} first seen ${formatSeconds(headUnchangedFor)} ago`
        : `newest L2 block #${latest.number} is ${formatSeconds(age)} old`
      : `no new L2 block for ${formatSeconds(age)} (last #${latest.number})${byAge === 'crit' ? ': block production stalled' : ''}`
  return {
    ...base,
    status,
    value: age,
    reason: [main, ...notes].join('; '),
    details: {
      block: Number(latest.number),
      headUnchangedFor,
      ...(inFuture ? { timestampAheadBy: -blockAge } : {}),
      ...(headWentBackFrom !== undefined ? { highestBlock: Number(headWentBackFrom) } : {}),
    },
  }
}
