// ZKsync, Scroll and Linea incidents replayed on devnets, and each ZK driver's own events (no bundled incident uses them).
import { describe, expect, it } from 'vitest'
import { parseScenario } from '../../functions/replay/loadScenario.js'
import { runReplay } from '../../functions/replay/runReplay.js'
import { incidentFiles, replayBundledIncidents } from './replayBundledIncidents.js'

describe('ZK stack incidents replay on devnets', { timeout: 600_000 }, () => {
  replayBundledIncidents(incidentFiles[2]!)
})

/** A short timeline per ZK stack with the events its driver carries out itself (bundled scenarios do not use them). */
const stackEvents: Record<string, string> = {
  zksync: [
    'duration: 8h',
    'chains:',
    '  - { name: era, stack: zksync, blockTime: 1, batchEvery: 5m, rootEvery: 30m }',
    'events:',
    '  - { at: 20m, chain: era, do: balance-drain, account: proposer }',
    '  - { at: 20m, chain: era, do: deposit-stuck }',
    '  - { at: 20m, chain: era, do: root-invalid }',
    'expect:',
    '  - { check: state-root-validity, status: crit, within: 30s }   # a committed root the L2 did not compute',
    '  - { check: operator-balance, status: crit, within: 30s }',
    '  - { check: deposits, status: warn }                           # left out of every commit: 6 h',
    '  - { check: state-root-finality, status: warn }                # no proof verifies past the bad batch: 4 h',
  ].join('\n'),
  scroll: [
    'duration: 5h30m',
    'chains:',
    '  - { name: scroll, stack: scroll, blockTime: 3, batchEvery: 5m, rootEvery: 1h }',
    'events:',
    '  - { at: 20m, chain: scroll, do: balance-drain }',
    '  - { at: 20m, chain: scroll, do: deposit-stuck }',
    'expect:',
    '  - { check: operator-balance, status: crit, within: 30s }',
    '  - { check: deposits, status: warn }                           # never included, so never finalized: 4 h',
  ].join('\n'),
  linea: [
    'duration: 3h',
    'chains:',
    '  - { name: linea, stack: linea, blockTime: 1, batchEvery: 5m, rootEvery: 1h }',
    'events:',
    '  - { at: 20m, chain: linea, do: balance-drain, account: proposer }',
    '  - { at: 20m, chain: linea, do: deposit-stuck }',
    '  - { at: 1h30m, chain: linea, do: empty-blocks }',
    '  - { at: 2h30m, chain: linea, do: deposit-resume }',
    'expect:',
    '  - { check: throughput, status: warn }                         # user transactions gone for an hour',
    '  - { check: operator-balance, status: crit, within: 30s }',
    '  - { check: deposits, status: crit }                           # not anchored on the L2 for 2 h',
  ].join('\n'),
}

describe('ZK stack drivers carry out their own events', { timeout: 300_000 }, () => {
  for (const [stack, timeline] of Object.entries(stackEvents))
    it(stack, async () => {
      const report = await runReplay(parseScenario(`name: ${stack}-events\nabout: ${stack} driver events\ntickEvery: 30m\ndenseFor: 10m\n${timeline}\n`))
      for (const result of report.expectations) expect(result, `${result.expectation}: ${result.detail}`).toMatchObject({ met: true })
    })
})
