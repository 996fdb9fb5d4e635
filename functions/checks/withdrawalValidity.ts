import type { Observation, ProvenWithdrawal, Verdict } from '../types.js'
import type { Thresholds } from './defaultThresholds.js'

/** More blocks than this left to scan: the check has not caught up, so an ok would be a guess. */
export const withdrawalScanBehindBlocks = 1_000n

const shortHash = (hash: string) => `${hash.slice(0, 10)}…${hash.slice(-4)}`
const describe = (w: ProvenWithdrawal) => `${w.withdrawalHash} (L1 tx ${shortHash(w.l1Tx)}, block #${w.l1Block})`

/**
 * Was every withdrawal proven on the portal sent on the L2? crit when every L2 endpoint says the message passer
 * never recorded one (how an exploited invalid root shows itself), held for a day; warn when the endpoints
 * disagree; unknown while the scan fails, lags, or a withdrawal is still unjudged. Absent off OP Stack.
 */
export function withdrawalValidity(observation: Observation, _thresholds: Thresholds, _now: number): Verdict | undefined {
  const reading = observation.withdrawalValidity
  if (!reading) return undefined
  const base = { chain: observation.chain, check: 'withdrawal-validity', unit: 's', value: null, threshold: { warn: 0, crit: 0 } } as const
  if (!reading.ok) return { ...base, status: 'unknown', reason: `cannot read the portal's proven withdrawals: ${reading.error}` }
  const w = reading.value
  const details = { scannedTo: Number(w.scannedTo), verified: w.verified, forged: w.forged.length, disputed: w.disputed.length, pending: w.pending }
  const newest = w.forged.at(-1)
  if (newest) {
    const more = w.forged.length > 1 ? ` and ${w.forged.length - 1} more` : ''
    return {
      ...base,
      status: 'crit',
     
      reason: `withdrawal proven on L1 that the L2 never sent: ${describe(newest)}${more}`,
      details: { ...details, withdrawalHash: newest.withdrawalHash, l1Tx: newest.l1Tx, l1Block: Number(newest.l1Block) },
    }
  }
  if (w.scanError) return { ...base, status: 'unknown', reason: `cannot read the portal's proven withdrawals: ${w.scanError}`, details }
  const disputed = w.disputed[0]
  if (disputed)
    return { ...base, status: 'warn', reason: `cannot judge withdrawal ${describe(disputed)}: the L2 RPCs disagree whether it was sent`, details }
  if (w.pending > 0) return { ...base, status: 'unknown', reason: `${w.pending} proven withdrawal(s) not yet checked on L2 (the read failed; retried next tick)`, details }
  if (w.behind > withdrawalScanBehindBlocks)
    return { ...base, status: 'unknown', reason: `still scanning the portal's proven withdrawals: ${w.behind} L1 blocks left`, details }
  const verified = w.verified > 0 ? `; ${w.verified} new one(s) verified on L2` : ''
  return { ...base, status: 'ok', reason: `every withdrawal proven on L1 up to block #${w.scannedTo} was sent on L2${verified}`, details }
}
