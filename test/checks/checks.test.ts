import { describe, expect, it } from 'vitest'
import { defaultThresholds, resolveThresholds } from '../../functions/checks/defaultThresholds.js'
import { liveness } from '../../functions/checks/liveness.js'
import { runChecks } from '../../functions/checks/runChecks.js'
import { sequencerLag } from '../../functions/checks/sequencerLag.js'
import { stateRootFinality } from '../../functions/checks/stateRootFinality.js'
import type { BlockRef, Observation, StateRootObservation } from '../../functions/types.js'
import { statusExitCode, worstStatus } from '../../functions/types.js'

const now = 1_800_000_000
const thresholds = defaultThresholds['op-stack']
const block = (number: bigint, timestamp: number): BlockRef => ({ number, timestamp, hash: '0x00' })

function observe(partial: Partial<Observation> = {}): Observation {
  return {
    chain: 'op-mainnet',
    stack: 'op-stack',
    l2: { ok: true, value: { latest: block(1000n, now - 2), safe: block(900n, now - 202), finalized: block(800n, now - 402) } },
    ...partial,
  }
}

const roots = (partial: Partial<StateRootObservation> = {}): Observation['stateRoots'] => ({
  ok: true,
  value: { source: 'dispute-games', lastPostedAt: now - 600, overdueGames: 0, challengerWins: 0, ...partial },
})

describe('liveness', () => {
  it.each([
    [0, 'ok'],
    [29, 'ok'],
    [30, 'warn'],
    [119, 'warn'],
    [120, 'crit'],
    [86400, 'crit'],
  ] as const)('head %i s old → %s', (age, status) => {
    const verdict = liveness(observe({ l2: { ok: true, value: { latest: block(7n, now - age) } } }), thresholds, now)
    expect(verdict.status).toBe(status)
    expect(verdict.value).toBe(age)
    expect(verdict.unit).toBe('s')
  })

  it('says production stalled when crit', () => {
    const verdict = liveness(observe({ l2: { ok: true, value: { latest: block(7n, now - 600) } } }), thresholds, now)
    expect(verdict.reason).toMatch(/no new L2 block for 10 min \(last #7\): block production stalled/)
  })

  it('clamps a head from the future to age 0', () => {
    expect(liveness(observe({ l2: { ok: true, value: { latest: block(7n, now + 5) } } }), thresholds, now).value).toBe(0)
  })

  it('a failed read is unknown, never ok', () => {
    const verdict = liveness(observe({ l2: { ok: false, error: 'HTTP request failed (https://***)' } }), thresholds, now)
    expect(verdict).toMatchObject({ status: 'unknown', value: null })
    expect(verdict.reason).toContain('HTTP request failed')
  })
})

describe('liveness on a stack without forced inclusion', () => {
  it('says that users cannot get around a stalled Linea sequencer, and only while the head is stale', () => {
    const linea = (age: number) => liveness(observe({ stack: 'linea', l2: { ok: true, value: { latest: block(7n, now - age) } } }), defaultThresholds.linea, now)
    expect(linea(600)).toMatchObject({ status: 'crit', reason: expect.stringContaining('Linea has no forced inclusion: transactions wait until the operator produces blocks again') })
    expect(linea(45).reason).toContain('Linea has no forced inclusion')
    expect(linea(2).reason).not.toContain('forced inclusion')
    expect(liveness(observe({ l2: { ok: true, value: { latest: block(7n, now - 600) } } }), thresholds, now).reason).not.toContain('forced inclusion')
  })
})

describe('sequencer-lag', () => {
  it.each([
    [0, 'ok'],
    [899, 'ok'],
    [900, 'warn'],
    [3599, 'warn'],
    [3600, 'crit'],
  ] as const)('safe %i s behind → %s', (lag, status) => {
    const observation = observe({ l2: { ok: true, value: { latest: block(5000n, now), safe: block(5000n - BigInt(Math.floor(lag / 2)), now - lag) } } })
    const verdict = sequencerLag(observation, thresholds, now)
    expect(verdict?.status).toBe(status)
    expect(verdict?.value).toBe(lag)
    expect(verdict?.details?.blocks).toBe(Math.floor(lag / 2))
  })

  it('reports the block gap in the reason', () => {
    const verdict = sequencerLag(observe({ l2: { ok: true, value: { latest: block(5000n, now), safe: block(3200n, now - 3600) } } }), thresholds, now)
    expect(verdict?.reason).toMatch(/60 min \(1800 blocks\)/)
  })

  it('is unknown when the L2 read failed', () => {
    expect(sequencerLag(observe({ l2: { ok: false, error: 'timeout' } }), thresholds, now)?.status).toBe('unknown')
  })

  it('does not apply to an EVM chain without a safe tag, but is unknown on an OP Stack chain without one', () => {
    const heads = { ok: true, value: { latest: block(1n, now) } } as const
    expect(sequencerLag(observe({ stack: 'evm', l2: heads }), thresholds, now)).toBeUndefined()
    expect(sequencerLag(observe({ l2: heads }), thresholds, now)?.status).toBe('unknown')
  })

  it('counts force inclusion in L1 blocks where the stack does (Arbitrum), whatever the clock says', () => {
    const batches = (l1Block: number, l1Head: number): Observation['batches'] => ({
      ok: true,
      value: { source: 'sequencer-inbox', lastBatchAt: now - 60, forceInclusionWindowSeconds: 86_400, forceInclusionDeadline: { l1Block, l1Head, l1BlockSeconds: 12 } },
    })
    const waiting = sequencerLag(observe({ stack: 'arbitrum', batches: batches(1_000_300, 1_000_000) }), thresholds, now)
    expect(waiting).toMatchObject({ status: 'ok', details: { forceInclusionIn: 3600, forceInclusionInBlocks: 300 } })
    expect(waiting?.reason).toContain('force inclusion possible in 60 min (300 L1 blocks)')
    const passed = sequencerLag(observe({ stack: 'arbitrum', batches: batches(1_000_000, 1_000_010) }), thresholds, now)
    expect(passed).toMatchObject({ status: 'crit', details: { forceInclusionIn: -120, forceInclusionInBlocks: -10 } })
    expect(passed?.reason).toContain('force inclusion possible for 2 min (10 L1 blocks)')
  })
})

describe('state-root-finality', () => {
  it.each([
    [0, 'ok'],
    [7199, 'ok'],
    [7200, 'warn'],
    [21599, 'warn'],
    [21600, 'crit'],
  ] as const)('newest root %i s old → %s', (age, status) => {
    const verdict = stateRootFinality(observe({ stateRoots: roots({ lastPostedAt: now - age }) }), thresholds, now)
    expect(verdict?.status).toBe(status)
    expect(verdict?.value).toBe(age)
  })

  it('does not apply without an L1 settlement reading', () => {
    expect(stateRootFinality(observe(), thresholds, now)).toBeUndefined()
  })

  it('is unknown when L1 could not be read', () => {
    const verdict = stateRootFinality(observe({ stateRoots: { ok: false, error: 'execution reverted' } }), thresholds, now)
    expect(verdict).toMatchObject({ status: 'unknown', value: null })
  })

  it('is crit when no root was ever posted for the respected game type', () => {
    const verdict = stateRootFinality(observe({ stateRoots: roots({ lastPostedAt: undefined, respectedGameType: 0 }) }), thresholds, now)
    expect(verdict?.status).toBe('crit')
    expect(verdict?.reason).toContain('respected game type 0')
  })

  it('escalates on an old finalized state, overdue games, invalid roots and a paused registry', () => {
    const check = (partial: Partial<StateRootObservation>) => stateRootFinality(observe({ stateRoots: roots(partial) }), thresholds, now)
    expect(check({ finalizedL2Timestamp: now - 7 * 86400 })?.status).toBe('ok')
    expect(check({ finalizedL2Timestamp: now - 11 * 86400 })?.status).toBe('warn')
    expect(check({ finalizedL2Timestamp: now - 15 * 86400 })?.status).toBe('crit')
    expect(check({ overdueGames: 2 })).toMatchObject({ status: 'warn', reason: expect.stringContaining('2 games overdue') })
    expect(check({ challengerWins: 1 })).toMatchObject({ status: 'crit', reason: expect.stringContaining('CHALLENGER_WINS') })
    expect(check({ paused: true })).toMatchObject({ status: 'crit', reason: expect.stringContaining('paused') })
    // escalation never lowers the status set by the root age
    expect(check({ lastPostedAt: now - 30000, overdueGames: 1 })?.status).toBe('crit')
  })
})

describe('registry and status ordering', () => {
  it('runs the checks that apply to the stack', () => {
    expect(runChecks(observe({ stateRoots: roots() }), thresholds, now).map((v) => v.check)).toEqual([
      'liveness',
      'sequencer-lag',
      'state-root-finality',
      'rpc-unavailable',
    ])
    const evm = observe({ stack: 'evm', l2: { ok: true, value: { latest: block(1n, now) } } })
    expect(runChecks(evm, defaultThresholds.evm, now).map((v) => v.check)).toEqual(['liveness', 'rpc-unavailable'])
  })

  it('ranks crit over unknown over warn, with Nagios exit codes', () => {
    expect(worstStatus(['ok', 'warn', 'unknown'])).toBe('unknown')
    expect(worstStatus(['unknown', 'crit', 'warn'])).toBe('crit')
    expect(worstStatus([])).toBe('ok')
    expect(statusExitCode).toEqual({ ok: 0, warn: 1, crit: 2, unknown: 3 })
  })

  it('lets configured thresholds win over the stack defaults', () => {
    const resolved = resolveThresholds('op-stack', { liveness: { warn: 5, crit: 10 } })
    expect(resolved.liveness).toEqual({ warn: 5, crit: 10 })
    expect(resolved.sequencerLag).toEqual(defaultThresholds['op-stack'].sequencerLag)
  })
})
