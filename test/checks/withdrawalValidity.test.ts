import { describe, expect, it } from 'vitest'
import { defaultThresholds } from '../../functions/checks/defaultThresholds.js'
import { withdrawalValidity } from '../../functions/checks/withdrawalValidity.js'
import type { Observation, ProvenWithdrawal, WithdrawalValidityObservation } from '../../functions/types.js'

const now = 1_800_000_000
const thresholds = defaultThresholds['op-stack']
const withdrawal = (n: number): ProvenWithdrawal => ({
  withdrawalHash: `0x${n.toString(16).padStart(64, '0')}`,
  l1Block: BigInt(100 + n),
  l1Tx: `0x${'ab'.repeat(31)}${n.toString(16).padStart(2, '0')}`,
  seenAt: now,
})
const observe = (value: Partial<WithdrawalValidityObservation> | string): Observation => ({
  chain: 'op',
  stack: 'op-stack',
  l2: { ok: false, error: 'not read' },
  withdrawalValidity:
    typeof value === 'string'
      ? { ok: false, error: value }
      : { ok: true, value: { forged: [], disputed: [], pending: 0, verified: 0, scannedTo: 500n, behind: 3n, ...value } },
})
const judge = (value: Partial<WithdrawalValidityObservation> | string) => withdrawalValidity(observe(value), thresholds, now)

describe('withdrawal-validity', () => {
  it('is absent without a reading (stacks other than OP Stack with fault proofs)', () => {
    expect(withdrawalValidity({ chain: 'x', stack: 'evm', l2: { ok: false, error: 'x' } }, thresholds, now)).toBeUndefined()
  })

  it('ok names the scanned block; a failed scan is unknown, never ok', () => {
    expect(judge({ verified: 2 })).toMatchObject({ status: 'ok', reason: expect.stringContaining('up to block #500 was sent on L2; 2 new one(s) verified') })
    expect(judge('eth_getLogs failed')).toMatchObject({ status: 'unknown', reason: expect.stringContaining('eth_getLogs failed') })
    expect(judge({ pending: 1 })).toMatchObject({ status: 'unknown', reason: expect.stringContaining('not yet checked') })
    expect(judge({ behind: 5_000n })).toMatchObject({ status: 'unknown', reason: expect.stringContaining('5000 L1 blocks left') })
  })

  it('a forgery is crit with hash, tx and block, even while this tick\'s scan failed; a split among RPCs is warn', () => {
    const crit = judge({ forged: [withdrawal(1), withdrawal(2)], scanError: 'timed out' })
    expect(crit).toMatchObject({ status: 'crit', details: { withdrawalHash: withdrawal(2).withdrawalHash, l1Block: 102, forged: 2 } })
    expect(crit!.reason).toContain(`${withdrawal(2).withdrawalHash} (L1 tx 0xabababab…ab02, block #102) and 1 more`)
    expect(judge({ disputed: [withdrawal(3)] })).toMatchObject({ status: 'warn', reason: expect.stringContaining('RPCs disagree') })
  })
})
