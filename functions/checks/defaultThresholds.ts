import type { StackName, Threshold, ThresholdsConfig } from '../config/schema.js'

export type Thresholds = Required<{ [K in keyof ThresholdsConfig]: Threshold }>

/**
 * Defaults per stack, in seconds. OP Stack: 2 s blocks, so a minute without one is already abnormal;
 * `safe` normally trails `latest` by minutes (batcher posts every few minutes) and the hard limit is the
 * 12 h sequencing window; proposals land about hourly; an anchor state is normally ~1 week old
 * (3.5 d game clock + 3.5 d finality delay), so that alert starts past 10 days.
 */
export const defaultThresholds: Record<StackName, Thresholds> = {
  'op-stack': {
    liveness: { warn: 30, crit: 120 },
    sequencerLag: { warn: 900, crit: 3600 },
    stateRootFinality: { warn: 7200, crit: 21600 },
    stateRootFinalized: { warn: 10 * 86400, crit: 14 * 86400 },
  },
  evm: {
    liveness: { warn: 60, crit: 300 },
    sequencerLag: { warn: 900, crit: 3600 },
    stateRootFinality: { warn: 7200, crit: 21600 },
    stateRootFinalized: { warn: 10 * 86400, crit: 14 * 86400 },
  },
}

export function resolveThresholds(stack: StackName, configured: ThresholdsConfig | undefined): Thresholds {
  return { ...defaultThresholds[stack], ...stripUndefined(configured ?? {}) }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}
