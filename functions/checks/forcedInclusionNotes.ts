import type { StackName } from '../config/schema.js'

/**
 * Stacks whose users have no way around a stopped sequencer: no forced inclusion from L1 (outage-corpus: Linea
 * "has no forced inclusion"; a halt there may be deliberate, as on 2024-06-02). Messages about a stalled head say so.
 */
export const noForcedInclusion: Partial<Record<StackName, string>> = {
  linea: 'Linea has no forced inclusion',
}
