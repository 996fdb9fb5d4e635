import { formatEther } from 'viem'
import type { Observation, OperatorWallet, Status, Verdict } from '../types.js'
import { worstStatus } from '../types.js'
import type { Thresholds } from './defaultThresholds.js'
import { formatSeconds } from './formatSeconds.js'

/** A rate needs this much history (since the first sample kept): one tick's spending says little. */
export const minimumRateSpanSeconds = 600

interface Judged {
  readonly wallet: OperatorWallet
  readonly status: Status
  readonly runway?: number
  readonly line: string
}

const eth = (wei: bigint) => {
  const [whole, fraction = ''] = formatEther(wei).split('.')
  const digits = fraction.slice(0, 3).replace(/0+$/, '')
  return `${whole}${digits ? `.${digits}` : ''} ETH`
}
const short = (address: string) => `${address.slice(0, 6)}…${address.slice(-4)}`

/** Runway = balance ÷ the rate it fell at since the oldest sample kept (the last top-up at the latest). */
function judgeWallet(wallet: OperatorWallet, threshold: Thresholds['operatorBalance'], now: number): Judged {
  const name = `${wallet.role} ${short(wallet.address)}${wallet.source === 'config' ? '' : ` (${wallet.source})`}`
  if (wallet.balanceWei === undefined) return { wallet, status: 'unknown', line: `${name}: cannot read its L1 balance: ${wallet.error ?? 'no answer'}` }
  const balance = wallet.balanceWei
  if (balance === 0n) return { wallet, status: 'crit', runway: 0, line: `${name} is empty (0 ETH): it cannot pay for L1 transactions` }
  const first = wallet.history?.[0]
  const span = first ? now - first.at : 0
  if (!first || span < minimumRateSpanSeconds) return { wallet, status: 'ok', line: `${name}: ${eth(balance)}, spending rate not measured yet` }
  const spent = first.wei - balance
  if (spent <= 0n) return { wallet, status: 'ok', line: `${name}: ${eth(balance)}, not spending (${formatSeconds(span)} of history)` }
  const runway = Number((balance * BigInt(span)) / spent)
  const perDay = (spent * 86400n) / BigInt(span)
  const status: Status = runway <= threshold.crit ? 'crit' : runway <= threshold.warn ? 'warn' : 'ok'
  const limit = status === 'crit' ? ` (crit under ${formatSeconds(threshold.crit)})` : status === 'warn' ? ` (warn under ${formatSeconds(threshold.warn)})` : ''
  return { wallet, status, runway, line: `${name}: ${eth(balance)}, spending ${eth(perDay)}/d: runway ${formatSeconds(runway)}${limit}` }
}

/**
 * Runway of the L1 wallets that keep the chain settled (batcher, proposer, validator): balance over the rate it
 * fell at, from the balance history the tick keeps in the store. warn under 3 days, crit under 1 day (thresholds
 * in seconds of runway, lower is worse); an empty wallet is crit at once; a balance that cannot be read is unknown.
 */
export function operatorBalance(observation: Observation, thresholds: Thresholds, now: number): Verdict | undefined {
  const reading = observation.operatorBalances
  if (!reading) return undefined
  const threshold = thresholds.operatorBalance
  const base = { chain: observation.chain, check: 'operator-balance', unit: 's', threshold } as const
  if (!reading.ok) return { ...base, status: 'unknown', value: null, reason: `cannot read the operator wallets' L1 balances: ${reading.error}` }
  const judged = reading.value.wallets.map((wallet) => judgeWallet(wallet, threshold, now))
  if (judged.length === 0) return undefined
  const rank = { crit: 0, unknown: 1, warn: 2, ok: 3 } as const
  const ordered = [...judged].sort((a, b) => rank[a.status] - rank[b.status] || (a.runway ?? Infinity) - (b.runway ?? Infinity))
  const runways = judged.flatMap((j) => (j.runway !== undefined ? [j.runway] : []))
  const details: Record<string, number | string> = {}
  for (const j of judged) {
    const key = `${j.wallet.role}${judged.filter((o) => o.wallet.role === j.wallet.role).length > 1 ? `:${short(j.wallet.address)}` : ''}`
    if (j.wallet.balanceWei !== undefined) details[`${key}BalanceEth`] = Number(formatEther(j.wallet.balanceWei))
    if (j.runway !== undefined) details[`${key}Runway`] = j.runway
  }
  return {
    ...base,
    status: worstStatus(judged.map((j) => j.status)),
    value: runways.length > 0 ? Math.min(...runways) : null,
    reason: ordered.map((j) => j.line).join('; '),
    details,
  }
}
