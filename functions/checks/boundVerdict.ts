import { truncateText } from '../errors/truncateText.js'
import type { Verdict } from '../types.js'

/** Longest reason a verdict carries into messages, logs and the store (several error descriptions fit). */
export const maxReasonLength = 600
/** Longest text value among a verdict's details. */
export const maxDetailLength = 200

/**
 * A verdict whose text is bounded, whatever an adapter or a server put in it: one chain's 500 KB error page
 * must not push a store item past DynamoDB's 400 KB (which failed the tick for every chain).
 */
export function boundVerdict(verdict: Verdict): Verdict {
  const longDetail = verdict.details && Object.values(verdict.details).some((value) => typeof value === 'string' && value.length > maxDetailLength)
  if (verdict.reason.length <= maxReasonLength && !longDetail) return verdict
  return {
    ...verdict,
    reason: truncateText(verdict.reason, maxReasonLength),
    ...(longDetail
      ? {
          details: Object.fromEntries(
            Object.entries(verdict.details!).map(([key, value]) => [key, typeof value === 'string' ? truncateText(value, maxDetailLength) : value]),
          ),
        }
      : {}),
  }
}
