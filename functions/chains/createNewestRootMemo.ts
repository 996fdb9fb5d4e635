import { describeError } from '../rpc/describeError.js'
import type { Reading, StateRootValidityObservation } from '../types.js'

/** How long a root may name an L2 block or batch no endpoint has before that is itself the finding. */
export const missingOnL2GraceSeconds = 3600

/** What one verification of a new root found. */
export type RootVerification =
  /** match / mismatch / disagree: repeated from memory every tick until the next root (no request). */
  | { readonly kind: 'result'; readonly value: StateRootValidityObservation }
  /** The L2 cannot serve it (pruned, method missing, incomplete set): said once, then the check is left out. */
  | { readonly kind: 'once'; readonly value: StateRootValidityObservation }
  /** No endpoint has the block or batch (yet): asked again next tick; past the grace, a root the L2 never made. */
  | { readonly kind: 'missing'; readonly detail: string; readonly l2Block?: bigint }
  /** Half done, the rest rides in the next tick's reads: the previous root's result is shown until then. */
  | { readonly kind: 'pending' }

export interface NewestRoot {
  /** Identifies the root: a new key is verified once, when it lands. */
  readonly key: string
  readonly subject: string
  readonly claimed: `0x${string}`
  /** L1 unix seconds it was posted. */
  readonly postedAt: number
}

export interface NewestRootMemo {
  /** Whether the newest root's result is being repeated: then a failed L1 read makes the check unknown rather than absent. */
  readonly verifying: boolean
  observe(root: NewestRoot, now: number, verify: () => Promise<RootVerification>): Promise<Reading<StateRootValidityObservation> | undefined>
}

/**
 * The rules every stack's `state-root-validity` shares: each new root is verified once (steady ticks cost no
 * request), a failed read is retried next tick, an unservable one is said once, a missing block is crit after an hour.
 */
export function createNewestRootMemo(graceSeconds = missingOnL2GraceSeconds): NewestRootMemo {
  let last: { key: string; reading?: Reading<StateRootValidityObservation> } | undefined
  return {
    get verifying() {
      return last?.reading !== undefined
    },
    async observe(root, now, verify) {
      if (last?.key === root.key) return last.reading
      let verification: RootVerification
      try {
        verification = await verify()
      } catch (error) {
        return { ok: false, error: describeError(error) }
      }
      switch (verification.kind) {
        case 'result':
          last = { key: root.key, reading: { ok: true, value: verification.value } }
          return last.reading
        case 'once':
          last = { key: root.key }
          return { ok: true, value: verification.value }
        case 'pending':
          return last?.reading
        case 'missing': {
          // A node a little behind the poster: ask again next tick. An hour on, the L2 never made it.
          if (now - root.postedAt < graceSeconds) return undefined
          const l2Block = verification.l2Block !== undefined ? { l2Block: verification.l2Block } : {}
          last = { key: root.key, reading: { ok: true, value: { subject: root.subject, ...l2Block, claimed: root.claimed, outcome: 'mismatch', detail: verification.detail } } }
          return last.reading
        }
      }
    },
  }
}

/** A result as a verification: unverifiable is said once, anything else repeated. */
export const toRootVerification = (value: StateRootValidityObservation): RootVerification => ({ kind: value.outcome === 'unverifiable' ? 'once' : 'result', value })
