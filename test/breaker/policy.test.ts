import { describe, expect, it } from 'vitest'
import {
  advanceStreaks,
  agreementNeeded,
  atOrAbove,
  heldChecks,
  recovered,
  resolveRoute,
  riskPresent,
  type Streaks,
} from '../../functions/breaker/policy.js'
import type { CheckName, Status, Verdict } from '../../functions/types.js'

const verdict = (check: CheckName, status: Status, chain = 'op'): Verdict => ({
  chain,
  check,
  status,
  value: status === 'unknown' ? null : 100,
  unit: 's',
  reason: `${check} ${status}`,
  threshold: { warn: 30, crit: 120 },
})

const action = { chain: 'op', checks: ['liveness', 'sequencer-lag'] as CheckName[], severity: 'crit' as const, for: 3 }

/** Feeds one tick per entry (10 s apart) and returns the checks held after each. */
type Action = { chain: string; checks: CheckName[]; severity: 'warn' | 'crit'; for?: number | undefined; forSeconds?: number | undefined }

function run(ticks: Verdict[][], a: Action = action): CheckName[][] {
  let streaks: Streaks = {}
  return ticks.map((verdicts, i) => {
    const now = 1000 + i * 10
    streaks = advanceStreaks(streaks, a, verdicts, now)
    return heldChecks(streaks, a, now)
  })
}

describe('breaker policy', () => {
  it('severity: unknown is never at or above anything', () => {
    expect(atOrAbove('crit', 'crit')).toBe(true)
    expect(atOrAbove('warn', 'crit')).toBe(false)
    expect(atOrAbove('warn', 'warn')).toBe(true)
    expect(atOrAbove('crit', 'warn')).toBe(true)
    expect(atOrAbove('unknown', 'warn')).toBe(false)
    expect(atOrAbove('unknown', 'crit')).toBe(false)
  })

  it('fires on the third consecutive crit, not before', () => {
    const held = run([[verdict('liveness', 'crit')], [verdict('liveness', 'crit')], [verdict('liveness', 'crit')]])
    expect(held).toEqual([[], [], ['liveness']])
  })

  it('a single crit, or a run broken by ok, warn, unknown or a missing verdict, never fires', () => {
    const crit = [verdict('liveness', 'crit')]
    for (const breaker of [[verdict('liveness', 'ok')], [verdict('liveness', 'warn')], [verdict('liveness', 'unknown')], []]) {
      expect(run([crit, crit, breaker, crit, crit]).flat()).toEqual([])
    }
    expect(run([crit]).flat()).toEqual([])
  })

  it('unknown forever never fires', () => {
    expect(run(Array.from({ length: 20 }, () => [verdict('liveness', 'unknown')])).flat()).toEqual([])
  })

  it('each check keeps its own run; another chain’s verdicts do not count', () => {
    const held = run([
      [verdict('liveness', 'crit'), verdict('sequencer-lag', 'ok')],
      [verdict('liveness', 'ok'), verdict('sequencer-lag', 'crit')],
      [verdict('liveness', 'crit'), verdict('sequencer-lag', 'crit')],
      [verdict('liveness', 'crit', 'base'), verdict('sequencer-lag', 'crit')],
    ])
    expect(held).toEqual([[], [], [], ['sequencer-lag']])
  })

  it('the same tick counted twice is one observation', () => {
    let streaks: Streaks = {}
    for (let i = 0; i < 5; i++) streaks = advanceStreaks(streaks, action, [verdict('liveness', 'crit')], 1000)
    expect(streaks.liveness?.count).toBe(1)
  })

  it('forSeconds alone, and together with for', () => {
    const crit = [verdict('liveness', 'crit')]
    const seconds = { ...action, for: undefined, forSeconds: 25 }
    // ticks 10 s apart: held once 25 s have passed since the first crit (the 4th tick, at +30 s)
    expect(run([crit, crit, crit, crit], seconds)).toEqual([[], [], [], ['liveness']])
    const both = { ...action, for: 2, forSeconds: 5 }
    expect(run([crit, crit], both)).toEqual([[], ['liveness']])
    const defaults = { ...action, for: undefined }
    expect(run([crit, crit, crit], defaults)).toEqual([[], [], ['liveness']])
  })

  it('warn severity counts crit too', () => {
    const warnAction = { ...action, severity: 'warn' as const, for: 2 }
    expect(run([[verdict('liveness', 'warn')], [verdict('liveness', 'crit')]], warnAction)).toEqual([[], ['liveness']])
  })

  it('risk, recovery and unknown', () => {
    expect(riskPresent(action, [verdict('liveness', 'crit')])).toBe(true)
    expect(riskPresent(action, [verdict('liveness', 'unknown')])).toBe(false)
    expect(recovered(action, [verdict('liveness', 'ok'), verdict('sequencer-lag', 'warn')])).toBe(true)
    expect(recovered(action, [verdict('liveness', 'ok'), verdict('sequencer-lag', 'unknown')])).toBe(false)
    expect(recovered(action, [verdict('liveness', 'ok')])).toBe(false) // sequencer-lag not measured
  })

  it('routes: both for liveness on an L2 with an inbox, else direct; explicit wins', () => {
    const target = { chain: 'l2' }
    expect(resolveRoute({ checks: ['liveness'], target }, 'op-stack')).toBe('both')
    expect(resolveRoute({ checks: ['liveness'], target }, 'arbitrum')).toBe('both')
    expect(resolveRoute({ checks: ['sequencer-lag'], target }, 'op-stack')).toBe('direct')
    expect(resolveRoute({ checks: ['liveness'], target: { chain: 'l1' } }, 'op-stack')).toBe('direct')
    expect(resolveRoute({ checks: ['liveness'], target }, 'evm')).toBe('direct')
    expect(resolveRoute({ checks: ['liveness'], target, route: 'l1-inbox' }, 'op-stack')).toBe('l1-inbox')
  })

  it('agreement: two RPCs where two or more are listed', () => {
    expect(agreementNeeded(1)).toBe(1)
    expect(agreementNeeded(2)).toBe(2)
    expect(agreementNeeded(5)).toBe(2)
  })
})
