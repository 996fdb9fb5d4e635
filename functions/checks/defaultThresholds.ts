import type { StackName, Threshold, ThresholdsConfig, ThroughputThreshold } from '../config/schema.js'
import type { ChainParameters } from '../types.js'

export type Thresholds = Required<{ [K in Exclude<keyof ThresholdsConfig, 'throughput'>]: Threshold }> & { readonly throughput: ThroughputThreshold }

const fallback: Thresholds = {
  liveness: { warn: 30, crit: 120 },
  sequencerLag: { warn: 900, crit: 3600 },
  stateRootFinality: { warn: 7200, crit: 21600 },
  stateRootFinalized: { warn: 10 * 86400, crit: 14 * 86400 },
  // Blocks, not seconds: every unsafe reorg warns, one of 64 blocks (minutes of OP blocks) is crit like a safe one.
  reorg: { warn: 1, crit: 64 },
  // 50 % / 80 % of the 1800 s max sequencer drift (OP Stack since Fjord).
  l1Origin: { warn: 900, crit: 1440 },
  // Seconds of runway (less is worse): 3 days to top a wallet up, 1 day before it cannot post.
  operatorBalance: { warn: 3 * 86400, crit: 86400 },
  // Recent user transactions per block under 20 % of the baseline: warn only.
  throughput: { belowPercent: 20 },
  // A deposit normally lands within a minute or two of its L1 block (the sequencer's L1 confirmation depth).
  deposits: { warn: 600, crit: 1800 },
}

/**
 * Defaults per stack, in seconds, used until (or where) the chain's own parameters are read. OP Stack: 2 s
 * blocks, the batcher posts every few minutes (hard limit: the 12 h sequencing window), proposals about
 * hourly, an anchor state normally ~1 week old (3.5 d game clock + 3.5 d finality delay).
 */
export const defaultThresholds: Record<StackName, Thresholds> = {
  'op-stack': fallback,
  evm: { ...fallback, liveness: { warn: 60, crit: 300 } },
  // l1Origin on Arbitrum: the sequencer's L1 view 10 min (50 blocks) behind is warn; the check never goes past warn.
  arbitrum: { ...fallback, liveness: { warn: 10, crit: 60 }, stateRootFinalized: { warn: 9 * 86400, crit: 13 * 86400 }, l1Origin: { warn: 600, crit: 1800 } },
  zksync: {
    ...fallback,
    liveness: { warn: 15, crit: 60 },
    stateRootFinality: { warn: 4 * 3600, crit: 12 * 3600 },
    stateRootFinalized: { warn: 6 * 3600, crit: 12 * 3600 },
    // deposits on ZKsync count until the batch carrying the priority tx is executed on L1: the 3 h execution delay
    // plus proving, normally.
    deposits: { warn: 6 * 3600, crit: 12 * 3600 },
  },
  // deposits on Scroll count until the message's batch is finalized on L1 (~1–2 h normally), not until it is on L2.
  scroll: { ...fallback, liveness: { warn: 45, crit: 180 }, stateRootFinalized: { warn: 4 * 3600, crit: 12 * 3600 }, deposits: { warn: 4 * 3600, crit: 12 * 3600 } },
  // deposits on Linea: the coordinator anchors L1 messages on the L2 after L1 confirmations (the bridge says about
  // 20 min; UNVERIFIED), so 40 min / 2 h.
  linea: { ...fallback, liveness: { warn: 30, crit: 120 }, stateRootFinalized: { warn: 12 * 3600, crit: 24 * 3600 }, deposits: { warn: 2400, crit: 7200 } },
}

/** Inclusive [floor, ceiling] of a derived warn and crit, in seconds. */
export interface ThresholdBounds {
  readonly warn: readonly [number, number]
  readonly crit: readonly [number, number]
}

type DerivedKey = 'liveness' | 'sequencerLag' | 'stateRootFinalized' | 'l1Origin'

const minute = 60
const hour = 3600
const day = 86400
const livenessBounds: ThresholdBounds = { warn: [10, minute], crit: [30, 5 * minute] }
const sequencerLagBounds: ThresholdBounds = { warn: [5 * minute, 2 * hour], crit: [15 * minute, 6 * hour] }
const finalizedBounds: ThresholdBounds = { warn: [hour, 15 * day], crit: [2 * hour, 21 * day] }
/** 50 % / 80 % of a max sequencer drift between 2 min and 2 h. */
const l1OriginBounds: ThresholdBounds = { warn: [minute, hour], crit: [96, 96 * minute] }
const common = { sequencerLag: sequencerLagBounds, l1Origin: l1OriginBounds }

/**
 * What a threshold derived from chain parameters may be, per stack: one odd reading (a `safe` block with an old
 * timestamp, a halt inside the measured window, a misdecoded contract value) must not stretch a threshold until
 * a real outage reads OK, nor shrink it until ordinary jitter pages. Configured thresholds are not bounded.
 */
export const derivedBounds: Record<StackName, Record<DerivedKey, ThresholdBounds>> = {
  'op-stack': { ...common, liveness: livenessBounds, stateRootFinalized: finalizedBounds },
  arbitrum: { ...common, liveness: livenessBounds, stateRootFinalized: finalizedBounds },
  zksync: { ...common, liveness: livenessBounds, stateRootFinalized: { warn: [hour, 2 * day], crit: [2 * hour, 3 * day] } },
  scroll: { ...common, liveness: { warn: [10, 2 * minute], crit: [30, 10 * minute] }, stateRootFinalized: finalizedBounds },
  linea: { ...common, liveness: livenessBounds, stateRootFinalized: finalizedBounds },
  // Any EVM chain: block times up to ~20 s (15× / 60× of that).
  evm: { ...common, liveness: { warn: [10, 5 * minute], crit: [30, 20 * minute] }, stateRootFinalized: finalizedBounds },
}

const clamp = (value: number, [floor, ceiling]: readonly [number, number]) => Math.min(ceiling, Math.max(floor, Math.round(value)))

function bounded(warn: number, crit: number, bounds: ThresholdBounds): Threshold | undefined {
  const threshold = { warn: clamp(warn, bounds.warn), crit: clamp(crit, bounds.crit) }
  return threshold.warn < threshold.crit ? threshold : undefined
}

/**
 * Thresholds from what the chain reads back, where it did, each clamped to the stack's derivedBounds:
 * - liveness: 15× / 60× the measured block time;
 * - sequencer lag: 1/24 and 1/12 of the force-inclusion window (OP's 12 h window → 30 min / 1 h);
 * - finalized state: 1.5× / 2× the normal finality period (OP 7 d → 10.5 d / 14 d);
 * - L1 origin: 50 % / 80 % of the max sequencer drift (OP 1800 s → 15 min / 24 min).
 */
export function deriveThresholds(parameters: ChainParameters | undefined, stack: StackName): Partial<Thresholds> {
  const derived: Partial<Thresholds> = {}
  if (!parameters) return derived
  const bounds = derivedBounds[stack]
  const { blockTimeSeconds, forceInclusionWindowSeconds, finalityPeriodSeconds, maxSequencerDriftSeconds } = parameters
  const put = (key: DerivedKey, warn: number, crit: number) => {
    const threshold = bounded(warn, crit, bounds[key])
    if (threshold) derived[key] = threshold
  }
  if (blockTimeSeconds && blockTimeSeconds > 0) put('liveness', 15 * blockTimeSeconds, 60 * blockTimeSeconds)
  if (forceInclusionWindowSeconds && forceInclusionWindowSeconds > 0) put('sequencerLag', forceInclusionWindowSeconds / 24, forceInclusionWindowSeconds / 12)
  if (finalityPeriodSeconds && finalityPeriodSeconds > 0) put('stateRootFinalized', 1.5 * finalityPeriodSeconds, 2 * finalityPeriodSeconds)
  if (maxSequencerDriftSeconds && maxSequencerDriftSeconds > 0) put('l1Origin', 0.5 * maxSequencerDriftSeconds, 0.8 * maxSequencerDriftSeconds)
  return derived
}

/** Configured thresholds win over ones derived from the chain, which win over the stack defaults. */
export function resolveThresholds(stack: StackName, configured: ThresholdsConfig | undefined, parameters?: ChainParameters): Thresholds {
  return { ...defaultThresholds[stack], ...deriveThresholds(parameters, stack), ...stripUndefined(configured ?? {}) }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}
