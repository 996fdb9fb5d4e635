import type { Observation, Verdict } from '../types.js'
import type { Thresholds } from './defaultThresholds.js'

/**
 * Is the newest state root posted to L1 the one the L2 computed? crit on a mismatch every asked endpoint agrees
 * on ("invalid state root proposed"), warn when the endpoints disagree among themselves, unknown when the L2
 * cannot serve the state. Absent where the stack or chain cannot verify (Scroll, Linea, plain EVM).
 */
export function stateRootValidity(observation: Observation, _thresholds: Thresholds, _now: number): Verdict | undefined {
  const reading = observation.stateRootValidity
  if (!reading) return undefined
  const base = { chain: observation.chain, check: 'state-root-validity', unit: 's', value: null, threshold: { warn: 0, crit: 0 } } as const
  if (!reading.ok) return { ...base, status: 'unknown', reason: `cannot read the newest state root or its L2 state: ${reading.error}` }
  const root = reading.value
  const at = root.l2Block !== undefined ? ` at L2 #${root.l2Block}` : ''
  const details = {
    subject: root.subject,
    claimed: root.claimed,
    computed: root.computed ?? null,
    ...(root.l2Block !== undefined ? { l2Block: Number(root.l2Block) } : {}),
  }
  switch (root.outcome) {
    case 'match':
      return { ...base, status: 'ok', reason: `${root.subject}${at} matches the L2 (${root.claimed})`, details }
    case 'mismatch':
      return {
        ...base,
        status: 'crit',
        reason: `invalid state root proposed: ${root.subject}${at} claims ${root.claimed}, ${root.computed ? `the L2 computes ${root.computed}` : (root.detail ?? 'the L2 cannot match it')}`,
        details,
      }
    case 'disagree':
      return { ...base, status: 'warn', reason: `cannot judge ${root.subject}${at}: the L2 RPCs disagree (${root.detail ?? 'different results'})`, details }
    case 'unverifiable':
      return { ...base, status: 'unknown', reason: `cannot verify ${root.subject}${at}: ${root.detail ?? 'the L2 cannot serve the state'}`, details }
  }
}
