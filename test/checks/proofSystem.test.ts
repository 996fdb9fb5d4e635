import { describe, expect, it } from 'vitest'
import { rememberProofSystem } from '../../functions/chains/rememberProofSystem.js'
import { defaultThresholds } from '../../functions/checks/defaultThresholds.js'
import { proofSystem } from '../../functions/checks/proofSystem.js'
import type { Observation, ProofSystemObservation } from '../../functions/types.js'

const now = 1_800_000_000
const thresholds = defaultThresholds['op-stack']

const observe = (system: Partial<ProofSystemObservation> | Error): Observation => ({
  chain: 'base',
  stack: 'op-stack',
  l2: { ok: false, error: 'not read' },
  proofSystem:
    system instanceof Error
      ? { ok: false, error: system.message }
      : {
          ok: true,
          value: {
            family: 'output-root-fault',
            description: 'respected game type 0 (CANNON)',
            facts: { 'respected game type': '0 (CANNON)' },
            consequences: { 'respected game type': 'withdrawals proven against older games must be re-proven' },
            ...system,
          },
        },
})

describe('proof-system', () => {
  it('is absent where the stack reads no proof system', () => {
    expect(proofSystem({ chain: 'x', stack: 'evm', l2: { ok: false, error: 'e' } }, thresholds, now)).toBeUndefined()
  })

  it('is ok while the rules are known and unchanged, and carries the family in details', () => {
    const verdict = proofSystem(observe({ details: { respectedGameType: 0 } }), thresholds, now)!
    expect(verdict).toMatchObject({ status: 'ok', value: null, reason: 'respected game type 0 (CANNON)' })
    expect(verdict.details).toEqual({ proofSystem: 'output-root-fault', respectedGameType: 0 })
  })

  it('is unknown, never ok, when the read failed', () => {
    expect(proofSystem(observe(new Error('portal did not answer')), thresholds, now)).toMatchObject({ status: 'unknown', reason: expect.stringContaining('portal did not answer') })
  })

  it('raises the adapter alarms', () => {
    const verdict = proofSystem(observe({ alarms: [{ severity: 'crit', message: 'AnchorStateRegistry is paused' }] }), thresholds, now)!
    expect(verdict.status).toBe('crit')
    expect(verdict.reason).toContain('AnchorStateRegistry is paused')
  })

  it('warns for 24 h after a remembered fact changes, naming both values, then clears', () => {
    const first = rememberProofSystem(observe({}), undefined, now)
    expect(first.memory?.facts).toEqual({ 'respected game type': '0 (CANNON)' })
    expect(proofSystem(first.observation, thresholds, now)!.status).toBe('ok')

    const switched = observe({ facts: { 'respected game type': '1 (PERMISSIONED_CANNON, permissioned fallback)' }, l1Block: 1234 })
    const second = rememberProofSystem(switched, first.memory, now + 60)
    const warned = proofSystem(second.observation, thresholds, now + 60)!
    expect(warned.status).toBe('warn')
    expect(warned.reason).toContain('respected game type changed 0 (CANNON) → 1 (PERMISSIONED_CANNON, permissioned fallback) at L1 block 1234')
    expect(warned.reason).toContain('must be re-proven')

    // Unchanged the next tick: still warning, and no store write.
    const third = rememberProofSystem(switched, second.memory, now + 120)
    expect(third.memory).toBeUndefined()
    expect(proofSystem(third.observation, thresholds, now + 120)!.status).toBe('warn')

    // A day later the change has aged out: ok again, and the memory drops it.
    const later = rememberProofSystem(switched, second.memory, now + 60 + 86400)
    expect(later.memory?.changes).toEqual([])
    expect(proofSystem(later.observation, thresholds, now + 60 + 86400)!.status).toBe('ok')
  })

  it('a failed read leaves the memory alone', () => {
    const first = rememberProofSystem(observe({}), undefined, now)
    const failed = rememberProofSystem(observe(new Error('down')), first.memory, now + 10)
    expect(failed.memory).toBeUndefined()
  })
})
