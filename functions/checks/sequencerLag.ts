import type { Observation, Status, Verdict } from '../types.js'
import { worstStatus } from '../types.js'
import { classify } from './classify.js'
import type { Thresholds } from './defaultThresholds.js'
import { formatSeconds } from './formatSeconds.js'

/**
 * How far the sequencer runs ahead of what is on L1: seconds (and blocks) between L2 `latest` and `safe`,
 * and, where the adapter reads L1 batches, the age of the newest batch and the time left before force
 * inclusion / permissionless mode becomes possible. Returns undefined for plain EVM chains without `safe`.
 */
export function sequencerLag(observation: Observation, thresholds: Thresholds, now: number): Verdict | undefined {
  const threshold = thresholds.sequencerLag
  const base = { chain: observation.chain, check: 'sequencer-lag', unit: 's', threshold } as const
  const batches = observation.batches

  const statuses: Status[] = []
  const parts: string[] = []
  const details: Record<string, number | string | boolean | null> = {}
  let value: number | null = null

  if (!observation.l2.ok) {
    if (!batches?.ok) return { ...base, status: 'unknown', value: null, reason: `cannot read the L2 heads: ${observation.l2.error}` }
  } else {
    const { latest, safe, safeError } = observation.l2.value
    if (safe) {
      const seconds = Math.max(0, latest.timestamp - safe.timestamp)
      const blocks = latest.number > safe.number ? latest.number - safe.number : 0n
      const status = classify(seconds, threshold)
      statuses.push(status)
      value = seconds
      Object.assign(details, { blocks: Number(blocks), safeBlock: Number(safe.number) })
      parts.push(
        status === 'ok'
          ? `safe head ${formatSeconds(seconds)} (${blocks} blocks) behind latest`
          : `safe head stuck ${formatSeconds(seconds)} (${blocks} blocks) behind latest: L2 data not posted to / derived from L1 (safe #${safe.number})`,
      )
      // Without L1 batch reads, the sequencing window counts from the newest block derived from L1.
      const window = observation.parameters?.forceInclusionWindowSeconds
      if (!batches && window !== undefined) {
        const left = safe.timestamp + window - now
        details.forceInclusionIn = left
        parts.push(left > 0 ? `sequencing window ends in ${formatSeconds(left)}` : `sequencing window passed ${formatSeconds(-left)} ago`)
        if (left <= 0) statuses.push('crit')
      }
    } else if (!batches) {
      if (observation.stack === 'evm') return undefined
      return { ...base, status: 'unknown', value: null, reason: `cannot read the L2 \`safe\` block: ${safeError ?? 'not served by the RPC'}` }
    }
  }

  if (batches && !batches.ok) {
    statuses.push('unknown')
    parts.push(`cannot read L1 batches: ${batches.error}`)
  } else if (batches?.ok) {
    const { lastBatchAt, forceInclusionWindowSeconds, forceInclusionDeadline: deadline, alarms = [] } = batches.value
    if (lastBatchAt === undefined) {
      statuses.push('crit')
      parts.push('no batch found on L1')
    } else {
      const age = Math.max(0, now - lastBatchAt)
      const status = classify(age, threshold)
      statuses.push(status)
      value ??= age
      details.lastBatchAge = age
      parts.push(`last batch posted to L1 ${formatSeconds(age)} ago`)
    }
    // Block-based where the stack counts blocks (Arbitrum), else from the newest batch's time.
    const blocksLeft = deadline ? deadline.l1Block - deadline.l1Head : undefined
    const left = deadline ? blocksLeft! * deadline.l1BlockSeconds : lastBatchAt !== undefined && forceInclusionWindowSeconds !== undefined ? lastBatchAt + forceInclusionWindowSeconds - now : undefined
    if (left !== undefined) {
      details.forceInclusionIn = left
      const inBlocks = blocksLeft !== undefined ? ` (${Math.abs(blocksLeft)} L1 blocks)` : ''
      if (blocksLeft !== undefined) details.forceInclusionInBlocks = blocksLeft
      parts.push(left > 0 ? `force inclusion possible in ${formatSeconds(left)}${inBlocks}` : `force inclusion possible for ${formatSeconds(-left)}${inBlocks}`)
      if (left <= 0) statuses.push('crit')
    }
    for (const alarm of alarms) {
      statuses.push(alarm.severity)
      parts.push(alarm.message)
    }
  }

  const status = worstStatus(statuses)
  return { ...base, status, value, reason: parts.join('; '), details }
}
