import type { BreakerActionConfig, BreakerRoute } from '../config/breakerSchema.js'
import type { CheckName, Status, Verdict } from '../types.js'
import type { RouteResult } from './types.js'

/**
 * The breaker's pure policy: when a risk counts as confirmed, when it is over, and when resuming is safe.
 * No I/O here; createBreaker feeds it the tick's verdicts and the stored state.
 */

export type Severity = BreakerActionConfig['severity']

/** Observations needed when neither `for` nor `forSeconds` is configured. */
export const DEFAULT_FOR = 3

/** `unknown` is never at or above a severity: a read that failed is not evidence of risk. */
export function atOrAbove(status: Status, severity: Severity): boolean {
  return status === 'crit' || (severity === 'warn' && status === 'warn')
}

/** A run of consecutive observations of one check at or above the action's severity. */
export interface Streak {
  readonly count: number
  /** Unix seconds of the first observation of the run. */
  readonly since: number
  /** Unix seconds of the newest observation counted (a rerun of the same tick does not count twice). */
  readonly lastAt: number
  /** Newest verdict's status, value and reason, for messages. */
  readonly status: Status
  readonly value: number | null
  readonly reason: string
}

export type Streaks = Readonly<Partial<Record<CheckName, Streak>>>

/** The verdict of `check` on `chain` in this tick, if the tick produced one. */
export function verdictFor(verdicts: readonly Verdict[], chain: string, check: CheckName): Verdict | undefined {
  return verdicts.find((verdict) => verdict.chain === chain && verdict.check === check)
}

/**
 * Moves each check's run forward by one observation. Anything not at or above the severity (ok, a lower
 * severity, `unknown`, or no verdict at all) ends the run: "consecutive" means consecutive.
 */
export function advanceStreaks(previous: Streaks, action: Pick<BreakerActionConfig, 'chain' | 'checks' | 'severity'>, verdicts: readonly Verdict[], now: number): Streaks {
  const next: Partial<Record<CheckName, Streak>> = {}
  for (const check of action.checks) {
    const verdict = verdictFor(verdicts, action.chain, check)
    if (!verdict || !atOrAbove(verdict.status, action.severity)) continue
    const before = previous[check]
    const observed = { status: verdict.status, value: verdict.value, reason: verdict.reason }
    if (!before) next[check] = { count: 1, since: now, lastAt: now, ...observed }
    else if (before.lastAt >= now) next[check] = { ...before, ...observed }
    else next[check] = { count: before.count + 1, since: before.since, lastAt: now, ...observed }
  }
  return next
}

/** How much evidence an action needs: `for` observations and/or `forSeconds` of holding. */
export function requirement(action: Pick<BreakerActionConfig, 'for' | 'forSeconds'>): { count: number; seconds: number } {
  const count = action.for ?? (action.forSeconds === undefined ? DEFAULT_FOR : 1)
  return { count, seconds: action.forSeconds ?? 0 }
}

/** Checks whose run satisfies the requirement now. */
export function heldChecks(streaks: Streaks, action: Pick<BreakerActionConfig, 'checks' | 'for' | 'forSeconds'>, now: number): CheckName[] {
  const { count, seconds } = requirement(action)
  return action.checks.filter((check) => {
    const streak = streaks[check]
    return streak !== undefined && streak.lastAt === now && streak.count >= count && now - streak.since >= seconds
  })
}

/** Any listed check at or above the severity in this tick (held long enough or not). */
export function riskPresent(action: Pick<BreakerActionConfig, 'chain' | 'checks' | 'severity'>, verdicts: readonly Verdict[]): boolean {
  return action.checks.some((check) => {
    const verdict = verdictFor(verdicts, action.chain, check)
    return verdict !== undefined && atOrAbove(verdict.status, action.severity)
  })
}

/** Every listed check measured and below the severity: the incident is over (`unknown` proves nothing). */
export function recovered(action: Pick<BreakerActionConfig, 'chain' | 'checks' | 'severity'>, verdicts: readonly Verdict[]): boolean {
  return action.checks.every((check) => {
    const verdict = verdictFor(verdicts, action.chain, check)
    return verdict !== undefined && verdict.status !== 'unknown' && !atOrAbove(verdict.status, action.severity)
  })
}

/**
 * Route when the action does not name one: `both` for liveness incidents on the watched L2 of a stack with an
 * L1 inbox (a halted sequencer leaves a direct transaction unmined), else `direct`.
 */
export function resolveRoute(
  action: { readonly route?: BreakerRoute | undefined; readonly checks: readonly CheckName[]; readonly target: { readonly chain: string } },
  stack: string,
): BreakerRoute {
  if (action.route) return action.route
  const inbox = stack === 'op-stack' || stack === 'arbitrum'
  return inbox && action.target.chain === 'l2' && action.checks.includes('liveness') ? 'both' : 'direct'
}

/** Which RPC list a check's verdict depends on: the L1 for state roots, the L2 for everything else. */
export function rpcSideOf(check: CheckName): 'l1' | 'l2' {
  return check === 'state-root-finality' ? 'l1' : 'l2'
}

/** Independent RPCs that must agree before a pause: two where the chain lists two or more, else one. */
export function agreementNeeded(urlCount: number): number {
  return urlCount >= 2 ? 2 : 1
}

/**
 * May a later tick send a same-nonce replacement for this route's unmined transaction now? Only for a `pending`
 * route with a known nonce, once its last transaction has gone unmined for `waitSeconds` (wall clock), and while
 * the route holds fewer than `maxTotal` replacements (in-tick and later ones together) and its fee is not already
 * at the cap (`maxFeePerGasCap`, from maxFeeGwei).
 */
export function replacementDue(
  route: RouteResult,
  bounds: { waitSeconds: number; maxTotal: number; wallNowSeconds: number; maxFeePerGasCap?: bigint | undefined },
): boolean {
  if (route.status !== 'pending' || route.nonce === undefined || route.nonce < 0) return false
  const last = route.transactions.at(-1)
  if (!last) return false
  if (route.transactions.length - 1 >= bounds.maxTotal) return false
  // At the fee cap already: a node takes a replacement only at +10 % or more.
  if (bounds.maxFeePerGasCap !== undefined && (BigInt(last.maxFeePerGas) * 110n + 99n) / 100n > bounds.maxFeePerGasCap) return false
  // `sentAt` is whole seconds (floored): one more second makes sure the true age is at least waitSeconds.
  return bounds.wallNowSeconds - last.sentAt >= bounds.waitSeconds + 1
}
