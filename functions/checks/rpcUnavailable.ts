import type { Observation, Verdict } from '../types.js'

/**
 * Going blind is itself an alert: `unknown` (the watcher cannot see the chain) when no configured RPC of the chain answered (every URL of the L2, or
 * of L1, failed this tick). How long that must last before anyone is paged is the alert engine's
 * `rpcUnavailableAfter`; the chain's other checks are then `unknown` and are folded into this one incident.
 */
export function rpcUnavailable(observation: Observation): Verdict {
  const failures: string[] = []
  if (!observation.l2.ok) failures.push(`L2: ${observation.l2.error}`)
  const l1 = [observation.stateRoots, observation.batches].filter((reading) => reading !== undefined)
  const l1Failure = l1.find((reading) => !reading.ok)
  if (l1.length > 0 && l1.every((reading) => !reading.ok) && l1Failure && !l1Failure.ok) failures.push(`L1: ${l1Failure.error}`)
  const base = { chain: observation.chain, check: 'rpc-unavailable', unit: 's', threshold: { warn: 0, crit: 0 } } as const
  return failures.length === 0
    ? { ...base, status: 'ok', value: null, reason: 'RPC endpoints answer' }
    : { ...base, status: 'unknown', value: null, reason: `every RPC failed: ${failures.join('; ')}` }
}
