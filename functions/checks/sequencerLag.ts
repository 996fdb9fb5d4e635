import type { Observation, Verdict } from '../types.js'
import { classify } from './classify.js'
import type { Thresholds } from './defaultThresholds.js'
import { formatSeconds } from './formatSeconds.js'

/**
 * Seconds (and blocks) between L2 `latest` and L2 `safe`: blocks the sequencer has produced whose data is
 * not yet posted to / derived from L1. Returns undefined for plain EVM chains that serve no `safe` tag.
 */
export function sequencerLag(observation: Observation, thresholds: Thresholds, _now: number): Verdict | undefined {
  const threshold = thresholds.sequencerLag
  const base = { chain: observation.chain, check: 'sequencer-lag', unit: 's', threshold } as const
  if (!observation.l2.ok)
    return { ...base, status: 'unknown', value: null, reason: `cannot read the L2 heads: ${observation.l2.error}` }

  const { latest, safe } = observation.l2.value
  if (!safe) {
    if (observation.stack === 'evm') return undefined
    return { ...base, status: 'unknown', value: null, reason: `cannot read the L2 \`safe\` block: ${observation.l2.value.safeError ?? 'not served by the RPC'}` }
  }
  const seconds = Math.max(0, latest.timestamp - safe.timestamp)
  const blocks = latest.number > safe.number ? latest.number - safe.number : 0n
  const status = classify(seconds, threshold)
  const reason =
    status === 'ok'
      ? `safe head ${formatSeconds(seconds)} (${blocks} blocks) behind latest`
      : `safe head stuck ${formatSeconds(seconds)} (${blocks} blocks) behind latest: L2 data not posted to / derived from L1 (safe #${safe.number})`
  return { ...base, status, value: seconds, reason, details: { blocks: Number(blocks), safeBlock: Number(safe.number) } }
}
