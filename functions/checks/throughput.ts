import type { Observation, Verdict } from '../types.js'
import type { Thresholds } from './defaultThresholds.js'
import { formatSeconds } from './formatSeconds.js'
import { minimumBaseline } from '../chains/rememberThroughput.js'

/** The baseline must span this long before it is judged (a first hour says little about the chain's normal). */
export const baselineWarmupSeconds = 3600

const perBlock = (value: number) => `${value < 10 ? value.toFixed(1) : Math.round(value)} tx/block`

/**
 * Blocks that keep coming but carry nothing: the recent (10-min) average of user transactions per block against
 * the rolling (6-h) baseline, both kept in the store; system transactions (OP's L1 attributes deposit, ArbOS's
 * start-block) do not count. warn under `belowPercent` % of the baseline; never crit (a quiet night is not an outage).
 */
export function throughput(observation: Observation, thresholds: Thresholds, _now: number): Verdict | undefined {
  const reading = observation.throughput
  if (!reading) return undefined
  const { belowPercent } = thresholds.throughput
  const base = { chain: observation.chain, check: 'throughput', unit: '%', threshold: { warn: belowPercent, crit: 0 } } as const
  if (!reading.ok) return { ...base, status: 'unknown', value: null, reason: `cannot read the newest L2 block: ${reading.error}` }
  const t = reading.value
  const details = { block: t.block, userTransactions: t.userTransactions, baseline: Math.round(t.baseline * 100) / 100, recent: Math.round(t.recent * 100) / 100, ...(t.gasUsed !== undefined ? { gasUsed: t.gasUsed } : {}) }
  if (t.baselineAge < baselineWarmupSeconds)
    return { ...base, status: 'ok', value: null, reason: `building the baseline (${formatSeconds(t.baselineAge)} of ${formatSeconds(baselineWarmupSeconds)}): ${perBlock(t.recent)} lately`, details }
  if (t.baseline < minimumBaseline)
    return { ...base, status: 'ok', value: null, reason: `a quiet chain (baseline ${perBlock(t.baseline)}): not judged`, details }
  const percent = (100 * t.recent) / t.baseline
  const low = percent < belowPercent
  return {
    ...base,
    status: low ? 'warn' : 'ok',
    value: Math.round(percent),
    reason: low
      ? `blocks keep coming but carry little: ${perBlock(t.recent)} lately against a baseline of ${perBlock(t.baseline)} (${Math.round(percent)} %, warn under ${belowPercent} %)`
      : `${perBlock(t.recent)} lately, ${Math.round(percent)} % of the baseline ${perBlock(t.baseline)}`,
    details,
  }
}
