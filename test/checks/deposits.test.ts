import { describe, expect, it } from 'vitest'
import { defaultThresholds } from '../../functions/checks/defaultThresholds.js'
import { deposits } from '../../functions/checks/deposits.js'
import type { DepositsObservation, Observation } from '../../functions/types.js'

const now = 1_800_000_000
const thresholds = defaultThresholds['op-stack']
const observe = (value: Partial<DepositsObservation> | string, stack: Observation['stack'] = 'op-stack'): Observation => ({
  chain: 'c',
  stack,
  l2: { ok: false, error: 'not read' },
  deposits: typeof value === 'string' ? { ok: false, error: value } : { ok: true, value: { source: 'optimism-portal', pending: 0, forcedInclusion: 'sequencing-window', ...value } },
})
const oldest = (age: number) => ({ id: 'deposit in L1 tx 0xabcdef12…3456', l1Block: 500n, sentAt: now - age })

describe('deposits', () => {
  it('value is the oldest pending message\'s age: warn at 10 min, crit at 30 min; none waiting is ok', () => {
    expect(deposits(observe({ progress: "the L2's L1 origin is #9" }), thresholds, now)).toMatchObject({ status: 'ok', value: 0, reason: "no L1→L2 message waiting (the L2's L1 origin is #9)" })
    expect(deposits(observe({ pending: 1, oldest: oldest(60) }), thresholds, now)).toMatchObject({ status: 'ok', value: 60 })
    expect(deposits(observe({ pending: 2, oldest: oldest(700) }), thresholds, now)).toMatchObject({ status: 'warn', reason: expect.stringContaining('(2 waiting)') })
    const crit = deposits(observe({ pending: 1, oldest: oldest(2000), forcedInclusionIn: 40_000, forcedInclusionInBlocks: 3_400, forcedInclusionBlock: 4_100n }), thresholds, now)
    expect(crit).toMatchObject({ status: 'crit', value: 2000, details: { pending: 1, l1Block: 500, forcedInclusionIn: 40_000 } })
    expect(crit!.reason).toBe('L1→L2 message not on L2 for 33 min: deposit in L1 tx 0xabcdef12…3456, L1 block #500; derivation must include it when the sequencing window closes, in 11 h 6 min (3400 L1 blocks, L1 block #4100)')
  })

  it('past a force-inclusion deadline it is crit even when young; Linea says it has no forced inclusion', () => {
    const arb = observe({ source: 'arbitrum-delayed-inbox', pending: 1, oldest: oldest(60), forcedInclusion: 'force-inclusion', forcedInclusionIn: -24, forcedInclusionInBlocks: -2 }, 'arbitrum')
    expect(deposits(arb, thresholds, now)).toMatchObject({ status: 'crit', reason: expect.stringContaining('past its force-inclusion deadline (2 L1 blocks): anyone may force-include it') })
    const linea = observe({ source: 'linea-message-service', pending: 1, oldest: oldest(60), forcedInclusion: 'none' }, 'linea')
    expect(deposits(linea, thresholds, now)?.reason).toContain('Linea has no forced inclusion: only the operator can include it')
  })

  it('ZKsync: counted until executed on L1, warn at 6 h, crit at 12 h, never crit on a deadline; the reason says there is no enforced inclusion', () => {
    const era = (age: number) =>
      observe({ source: 'zksync-priority-queue', pending: 1, oldest: { id: 'priority tx #7', l1Block: 500n, sentAt: now - age }, forcedInclusion: 'unknown', progress: '7 of 8 priority transactions processed on L1' }, 'zksync')
    const zk = defaultThresholds.zksync
    expect(deposits(era(4 * 3600), zk, now)?.status).toBe('ok')
    expect(deposits(era(6 * 3600), zk, now)?.status).toBe('warn')
    expect(deposits(era(12 * 3600), zk, now)).toMatchObject({
      status: 'crit',
      reason: 'L1→L2 message not executed on L1 for 12 h: priority tx #7, L1 block #500 (7 of 8 priority transactions processed on L1); ZKsync Era has no enforced inclusion per L2BEAT (unconfirmed today): only the operator can process the priority queue',
    })
  })

  it('a failed read or a scan far behind is unknown, never ok; absent without a reading', () => {
    expect(deposits(observe('eth_getLogs failed'), thresholds, now)).toMatchObject({ status: 'unknown', value: null, reason: expect.stringContaining('eth_getLogs failed') })
    expect(deposits(observe({ behind: 5_000n }), thresholds, now)).toMatchObject({ status: 'unknown', reason: expect.stringContaining('5000 L1 blocks left') })
    expect(deposits({ chain: 'e', stack: 'evm', l2: { ok: false, error: 'x' } }, thresholds, now)).toBeUndefined()
  })
})
