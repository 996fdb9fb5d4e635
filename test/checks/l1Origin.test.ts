import { describe, expect, it } from 'vitest'
import { defaultThresholds, resolveThresholds } from '../../functions/checks/defaultThresholds.js'
import { l1Origin } from '../../functions/checks/l1Origin.js'
import { runChecks } from '../../functions/checks/runChecks.js'
import type { L1OriginObservation, Observation } from '../../functions/types.js'

const now = 1_800_000_000
const op = (gap: number, drift = 1800): Observation => ({
  chain: 'op',
  stack: 'op-stack',
  l2: { ok: false, error: 'not read' },
  l1Origin: {
    ok: true,
    value: { source: 'l1-block-predeploy', l1Block: 1000n, l1Timestamp: now - gap, l1Head: { number: 1000n + BigInt(Math.round(gap / 12)), timestamp: now }, maxSequencerDriftSeconds: drift },
  },
})
const arb = (blocksBehind: number): Observation => ({
  chain: 'arb',
  stack: 'arbitrum',
  l2: { ok: false, error: 'not read' },
  l1Origin: { ok: true, value: { source: 'arbitrum-l1-block-number', l1Block: 500n, l1Head: { number: 500n + BigInt(blocksBehind) }, l1BlockSeconds: 12 } satisfies L1OriginObservation },
})
const opThresholds = defaultThresholds['op-stack']

describe('l1-origin', () => {
  it('OP Stack: warn at 50 % of the max sequencer drift, crit at 80 %, counting down to the halt', () => {
    expect(l1Origin(op(60), opThresholds, now)).toMatchObject({ status: 'ok', value: 60, reason: "L2's L1 origin is 60 s behind L1 (L1 block #1000, 5 blocks)" })
    expect(l1Origin(op(899), opThresholds, now)?.status).toBe('ok')
    expect(l1Origin(op(16 * 60), opThresholds, now)).toMatchObject({
      status: 'warn',
      value: 960,
      reason: "L2's L1 origin is 16 min behind L1: the sequencer halts in ~14 min unless it catches up (L1 origin #1000, 80 blocks behind)",
      details: { haltIn: 840, maxSequencerDrift: 1800, blocksBehind: 80 },
      threshold: { warn: 900, crit: 1440 },
    })
    expect(l1Origin(op(1440), opThresholds, now)).toMatchObject({ status: 'crit', reason: expect.stringContaining('halts in ~6 min') })
    expect(l1Origin(op(1900), opThresholds, now)).toMatchObject({ status: 'crit', reason: expect.stringContaining('past the 30 min max sequencer drift') })
  })

  it('thresholds follow a configured max sequencer drift (pre-Fjord 600 s → 300 / 480); configured thresholds win', () => {
    const derived = resolveThresholds('op-stack', undefined, { maxSequencerDriftSeconds: 600 })
    expect(derived.l1Origin).toEqual({ warn: 300, crit: 480 })
    expect(l1Origin(op(400, 600), derived, now)).toMatchObject({ status: 'warn', reason: expect.stringContaining('halts in ~3 min') })
    expect(resolveThresholds('op-stack', { l1Origin: { warn: 100, crit: 200 } }, { maxSequencerDriftSeconds: 600 }).l1Origin).toEqual({ warn: 100, crit: 200 })
  })

  it('a failed read is unknown, never ok; absent without a reading', () => {
    const failed: Observation = { chain: 'op', stack: 'op-stack', l2: { ok: false, error: 'x' }, l1Origin: { ok: false, error: 'L1Block predeploy (0x4200…0015) on L2: returned no data' } }
    expect(l1Origin(failed, opThresholds, now)).toMatchObject({ status: 'unknown', value: null, reason: expect.stringContaining('returned no data') })
    const none: Observation = { chain: 'e', stack: 'evm', l2: { ok: false, error: 'x' } }
    expect(l1Origin(none, defaultThresholds.evm, now)).toBeUndefined()
    expect(runChecks(none, defaultThresholds.evm, now).map((v) => v.check)).not.toContain('l1-origin')
  })

  it('Arbitrum: the l1BlockNumber lag in L1 blocks × 12 s, warn at most', () => {
    const thresholds = defaultThresholds.arbitrum
    expect(l1Origin(arb(3), thresholds, now)).toMatchObject({ status: 'ok', value: 36 })
    expect(l1Origin(arb(60), thresholds, now)).toMatchObject({ status: 'warn', value: 720, reason: expect.stringContaining('60 L1 blocks (~12 min) behind L1: deposits from L1 wait') })
    expect(l1Origin(arb(1000), thresholds, now)).toMatchObject({ status: 'warn', value: 12_000 })
  })
})
