// Arbitrum incidents replayed on devnets, and the Arbitrum driver's events no bundled incident uses.
import { describe, expect, it } from 'vitest'
import { parseScenario } from '../../functions/replay/loadScenario.js'
import { runReplay } from '../../functions/replay/runReplay.js'
import { expectHeld } from './expectHeld.js'
import { incidentFiles, replayBundledIncidents } from './replayBundledIncidents.js'

describe('Arbitrum incidents replay on devnets', { timeout: 600_000 }, () => {
  it('Arbitrum devnet events the bundled incidents do not use: root-invalid, deposit-stuck, balance-drain', async () => {
    const report = await runReplay(
      parseScenario(
        [
          'name: arbitrum-events',
          'about: an invalid assertion, a delayed message left unread, a drained batch poster',
          'duration: 50m',
          'tickEvery: 2m',
          'chains:',
          '  - { name: arb, stack: arbitrum, blockTime: 0.25, batchEvery: 4m, rootEvery: 1h }',
          'events:',
          '  - { at: 5m, chain: arb, do: root-invalid }',
          '  - { at: 8m, chain: arb, do: deposit-stuck }',
          '  - { at: 12m, chain: arb, do: balance-drain }',
          '  - { at: 42m, chain: arb, do: deposit-resume }',
          'expect:',
          '  - { check: state-root-validity, status: crit, within: 30s }',
          '  - { check: deposits, status: warn, before: 20m }',
          '  - { check: deposits, status: crit, within: 30s }',
          '  - { check: operator-balance, status: crit, before: 25m }',
        ].join('\n'),
      ),
    )
    expectHeld(report)
    const depositsCrit = report.checks.find((timing) => timing.check === 'deposits' && timing.status === 'crit')!
    expect(depositsCrit.crossedAt).toBeGreaterThanOrEqual(38 * 60) // 30 min after the message
    expect(report.breaker.some((entry) => entry.decision === 'would-pause')).toBe(true) // the invalid assertion
  })

  replayBundledIncidents(incidentFiles[1]!)
})
