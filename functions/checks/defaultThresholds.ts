import type { StackName, Threshold, ThresholdsConfig } from '../config/schema.js'
import type { ChainParameters } from '../types.js'

export type Thresholds = Required<{ [K in keyof ThresholdsConfig]: Threshold }>

const fallback: Thresholds = {
  liveness: { warn: 30, crit: 120 },
  sequencerLag: { warn: 900, crit: 3600 },
  stateRootFinality: { warn: 7200, crit: 21600 },
  stateRootFinalized: { warn: 10 * 86400, crit: 14 * 86400 },
}

/**
 * Defaults per stack, in seconds, used until (or where) the chain's own parameters are read. OP Stack: 2 s
 * blocks, the batcher posts every few minutes (hard limit: the 12 h sequencing window), proposals about
 * hourly, an anchor state normally ~1 week old (3.5 d game clock + 3.5 d finality delay).
 */
export const defaultThresholds: Record<StackName, Thresholds> = {
  'op-stack': fallback,
  evm: { ...fallback, liveness: { warn: 60, crit: 300 } },
  arbitrum: { ...fallback, liveness: { warn: 10, crit: 60 }, stateRootFinalized: { warn: 9 * 86400, crit: 13 * 86400 } },
  zksync: {
    ...fallback,
    liveness: { warn: 15, crit: 60 },
    stateRootFinality: { warn: 4 * 3600, crit: 12 * 3600 },
    stateRootFinalized: { warn: 6 * 3600, crit: 12 * 3600 },
  },
  scroll: { ...fallback, liveness: { warn: 45, crit: 180 }, stateRootFinalized: { warn: 4 * 3600, crit: 12 * 3600 } },
  linea: { ...fallback, liveness: { warn: 30, crit: 120 }, stateRootFinalized: { warn: 12 * 3600, crit: 24 * 3600 } },
}

/**
 * Thresholds from what the chain reads back, where it did:
 * - liveness: 15× / 60× the measured median block time (never under 10 s / 30 s: one late block is no outage);
 * - sequencer lag: 1/24 and 1/12 of the force-inclusion window (OP's 12 h window → 30 min / 1 h);
 * - finalized state: 1.5× / 2× the normal finality period (OP 7 d → 10.5 d / 14 d).
 */
export function deriveThresholds(parameters: ChainParameters | undefined): Partial<Thresholds> {
  const derived: Partial<Thresholds> = {}
  if (!parameters) return derived
  const { blockTimeSeconds, forceInclusionWindowSeconds, finalityPeriodSeconds } = parameters
  if (blockTimeSeconds && blockTimeSeconds > 0)
    derived.liveness = { warn: Math.max(10, Math.round(15 * blockTimeSeconds)), crit: Math.max(30, Math.round(60 * blockTimeSeconds)) }
  if (forceInclusionWindowSeconds && forceInclusionWindowSeconds > 0)
    derived.sequencerLag = { warn: Math.round(forceInclusionWindowSeconds / 24), crit: Math.round(forceInclusionWindowSeconds / 12) }
  if (finalityPeriodSeconds && finalityPeriodSeconds > 0)
    derived.stateRootFinalized = { warn: Math.round(1.5 * finalityPeriodSeconds), crit: Math.round(2 * finalityPeriodSeconds) }
  return derived
}

/** Configured thresholds win over ones derived from the chain, which win over the stack defaults. */
export function resolveThresholds(stack: StackName, configured: ThresholdsConfig | undefined, parameters?: ChainParameters): Thresholds {
  return { ...defaultThresholds[stack], ...deriveThresholds(parameters), ...stripUndefined(configured ?? {}) }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}
