import type { Observation, Verdict } from '../types.js'

/**
 * Where a chain lists several L2 RPCs: warn when they disagree (one stuck far behind, different blocks at one
 * height). The other checks already use the agreeing head; this says the watcher's own eyes disagree.
 */
export function rpcDivergence(observation: Observation): Verdict | undefined {
  const agreement = observation.l2Agreement
  if (!agreement) return undefined
  const base = { chain: observation.chain, check: 'rpc-divergence', unit: 's', value: null, threshold: { warn: 0, crit: 0 } } as const
  if (agreement.divergent.length > 0) return { ...base, status: 'warn', reason: `L2 RPCs disagree: ${agreement.divergent.join('; ')}` }
  const failed = agreement.failed.length > 0 ? ` (${agreement.failed.length} of ${agreement.rpcs} not answering: ${agreement.failed.join('; ')})` : ''
  return { ...base, status: 'ok', reason: `${agreement.answered} L2 RPCs agree${failed}` }
}
