import type { Observation, Status, Verdict } from '../types.js'
import type { Thresholds } from './defaultThresholds.js'
import { formatSeconds } from './formatSeconds.js'

/**
 * Was history rewritten? The tick re-reads, in the head batch, the blocks at the latest / safe / finalized
 * heights seen before and compares their hashes (compareHistory). A replaced block at or below the safe head
 * seen is crit ("finalized history changed" below finalized); an unsafe reorg is warn, crit from `crit` blocks;
 * a head that went back says whether it looks like a stale backend or a reorg (warn). Held for an hour after.
 */
export function reorg(observation: Observation, thresholds: Thresholds, now: number): Verdict | undefined {
  const reading = observation.reorg
  if (!reading) return undefined
  const threshold = thresholds.reorg
  const base = { chain: observation.chain, check: 'reorg', unit: 'blocks', threshold } as const
  if (!reading.ok) return { ...base, status: 'unknown', value: null, reason: `cannot read the L2 blocks to compare history: ${reading.error}` }
  const { finding, compared } = reading.value
  if (!finding) {
    const reason = compared === 0 ? 'no earlier head to compare yet (remembering this one)' : `the ${compared === 1 ? 'block' : `${compared} blocks`} seen before still have the hashes seen`
    return { ...base, status: 'ok', value: 0, reason }
  }
  const rewrote = finding.kind === 'safe' || finding.kind === 'finalized'
  const status: Status = rewrote || (finding.kind === 'unsafe' && finding.depth >= threshold.crit) ? 'crit' : finding.depth >= threshold.warn ? 'warn' : 'ok'
  const ago = now - finding.at
  const when = ago > 0 ? ` (${formatSeconds(ago)} ago)` : ''
  return {
    ...base,
    status: finding.kind === 'stale-backend' || finding.kind === 'shorter-chain' ? 'warn' : status,
    value: finding.depth,
    reason: `${finding.detail}${when}`,
    details: { kind: finding.kind, height: finding.height, depth: finding.depth, exactDepth: finding.exact, seenAt: finding.at },
  }
}
