import { describe, expect, it } from 'vitest'
import { formatTickLines } from '../../functions/report/formatTickLines.js'
import type { CheckName, Status, Verdict } from '../../functions/types.js'

const verdict = (chain: string, check: CheckName, status: Status, reason = `${check} is fine`, value: number | null = 5): Verdict => ({
  chain,
  check,
  status,
  value,
  unit: 's',
  reason,
  threshold: { warn: 60, crit: 600 },
})
const at = Date.UTC(2025, 0, 2, 3, 4, 5) / 1000
const allChecks: CheckName[] = ['liveness', 'sequencer-lag', 'state-root-finality', 'rpc-unavailable', 'rpc-divergence', 'proof-system']

describe('formatTickLines (the run screen)', () => {
  it('one line per chain with every check’s status; reasons only for what is not ok, each distinct reason once', () => {
    const lines = formatTickLines(
      [
        ...allChecks.map((check) => verdict('op-mainnet', check, 'ok')),
        verdict('base', 'liveness', 'crit', 'no new L2 block for 25 min (crit 10 min)', 1500),
        verdict('base', 'sequencer-lag', 'warn', 'no batch for 2 h', 7200),
        verdict('base', 'state-root-finality', 'warn', 'no batch for 2 h', 7200),
        verdict('base', 'rpc-unavailable', 'ok'),
        verdict('zk', 'liveness', 'warn', 'slow', 70),
        verdict('zk', 'rpc-unavailable', 'ok'),
      ],
      { at },
    )
    expect(lines).toEqual([
      '03:04:05 op-mainnet ok   liveness, sequencer-lag, state-root-finality, rpc-unavailable, rpc-divergence, proof-system',
      // The ok check's name would pass 120 columns: counted instead.
      '03:04:05 base       CRIT liveness CRIT 25 min · sequencer-lag WARN 2 h · state-root-finality WARN 2 h · 1 ok',
      '                         ↳ liveness: no new L2 block for 25 min (crit 10 min)',
      '                         ↳ sequencer-lag, state-root-finality: no batch for 2 h',
      '03:04:05 zk         WARN liveness WARN 70 s · ok: rpc-unavailable',
      '                         ↳ liveness: slow',
    ])
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(120)
  })

  it('fits 120 columns: long names are cut, ok checks that do not fit are counted, long reasons wrap', () => {
    const long = 'a-very-long-chain-name-for-a-devnet'
    const lines = formatTickLines(
      [
        verdict(long, 'liveness', 'unknown', `cannot read: ${'word '.repeat(60)}`, null),
        verdict(long, 'sequencer-lag', 'crit', 'x', 90_000),
        verdict(long, 'state-root-finality', 'crit', 'x', 90_000),
        ...allChecks.slice(3).map((check) => verdict(long, check, 'ok')),
      ],
      { at },
    )
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(120)
    expect(lines[0]).toBe('03:04:05 a-very-long-chain-n… CRIT sequencer-lag CRIT 25 h · state-root-finality CRIT 25 h · liveness UNKNOWN · 3 ok')
    expect(lines.filter((line) => line.includes('word')).length).toBeGreaterThan(2)
  })

  it('while every RPC fails, shows rpc-unavailable’s reason, not the same failure once per check', () => {
    const lines = formatTickLines(
      [
        verdict('down', 'liveness', 'unknown', 'cannot read the L2 head: fetch failed', null),
        verdict('down', 'sequencer-lag', 'unknown', 'cannot read the L2 heads: fetch failed', null),
        verdict('down', 'rpc-unavailable', 'unknown', 'every RPC failed: fetch failed', null),
      ],
      { at },
    )
    expect(lines).toEqual(['03:04:05 down UNKNOWN liveness UNKNOWN · sequencer-lag UNKNOWN · rpc-unavailable UNKNOWN', '                      ↳ rpc-unavailable: every RPC failed: fetch failed'])
  })
})
