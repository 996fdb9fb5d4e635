import type { BalanceSample, OperatorBalanceObservation, Reading } from '../types.js'

/** Balance history per wallet address (lowercase): [unix s, wei as a decimal string], oldest first. */
export type BalanceHistory = Readonly<Record<string, readonly (readonly [number, string])[]>>

/** A sample is kept at most this often: a 15 s tick would fill the history with noise. */
export const balanceSampleSeconds = 300
/** The spending rate is measured over at most this long (since the last top-up). */
export const balanceWindowSeconds = 3 * 86400
export const maxBalanceSamples = 64

export interface RememberedBalances {
  readonly reading: Reading<OperatorBalanceObservation>
  readonly history: BalanceHistory
  readonly changed: boolean
}

/**
 * Adds this tick's balances to each wallet's history (pure): a sample every balanceSampleSeconds, samples older
 * than balanceWindowSeconds dropped, and the history restarted at a top-up (a rise), so the rate is what the
 * wallet spends, not what it was funded with. Each wallet comes back with its history for the check.
 */
export function rememberBalances(reading: Reading<OperatorBalanceObservation>, remembered: BalanceHistory | undefined, now: number): RememberedBalances {
  if (!reading.ok) return { reading, history: remembered ?? {}, changed: false }
  const history: Record<string, (readonly [number, string])[]> = {}
  let changed = false
  const wallets = reading.value.wallets.map((wallet) => {
    const key = wallet.address.toLowerCase()
    let samples = [...(history[key] ?? remembered?.[key] ?? [])]
    if (wallet.balanceWei !== undefined) {
      const last = samples.at(-1)
      if (last && BigInt(last[1]) < wallet.balanceWei) samples = []
      if (samples.length === 0 || now - samples.at(-1)![0] >= balanceSampleSeconds) {
        samples.push([now, wallet.balanceWei.toString()])
        changed = true
      }
      const fresh = samples.filter(([at]) => now - at <= balanceWindowSeconds).slice(-maxBalanceSamples)
      if (fresh.length !== samples.length) changed = true
      samples = fresh
    }
    history[key] = samples
    const balanceHistory: BalanceSample[] = samples.map(([at, wei]) => ({ at, wei: BigInt(wei) }))
    return { ...wallet, history: balanceHistory }
  })
  if (Object.keys(remembered ?? {}).some((key) => !(key in history))) changed = true
  return { reading: { ok: true, value: { ...reading.value, wallets } }, history, changed }
}
