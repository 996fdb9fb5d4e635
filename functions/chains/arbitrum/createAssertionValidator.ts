import type { Hash, Hex, PublicClient } from 'viem'
import type { Reading, StateRootValidityObservation } from '../../types.js'
import { toReading } from '../toReading.js'
import { AssertionBlockMissingError, verifyAssertionState } from './verifyAssertionState.js'

/** How long an assertion may name an L2 block the endpoints do not have before that is itself the finding. */
export const missingBlockGraceSeconds = 3600

/** The newest AssertionCreated's after-state. */
export interface NewestAssertion {
  readonly assertionHash: Hash
  readonly blockHash: Hash
  readonly sendRoot: Hex
  /** L1 unix seconds of its log. */
  readonly createdAt: number
}

export interface AssertionValidator {
  /** Whether an assertion was ever verified here: then a failed L1 read makes the check unknown rather than absent. */
  readonly verifying: boolean
  /** The newest assertion's verification: computed once when it lands, then repeated from memory (no request). */
  observe(newest: NewestAssertion | undefined, now: number): Promise<Reading<StateRootValidityObservation> | undefined>
}

const short = (hash: Hash) => `${hash.slice(0, 6)}…${hash.slice(-4)}`

/** `state-root-validity` for Arbitrum BoLD: the newest assertion's block hash and send root, asked of every L2 endpoint. */
export function createAssertionValidator({ clients }: { readonly clients: readonly PublicClient[] }): AssertionValidator {
  let last: { assertionHash: Hash; reading: Reading<StateRootValidityObservation> } | undefined
  return {
    get verifying() {
      return last !== undefined
    },
    async observe(newest, now) {
      if (!newest) return undefined
      if (last?.assertionHash === newest.assertionHash) return last.reading
      const subject = `assertion ${short(newest.assertionHash)}`
      const verified = verifyAssertionState({ clients, subject, blockHash: newest.blockHash, sendRoot: newest.sendRoot })
      const missing = await verified.then(() => undefined, (error: unknown) => (error instanceof AssertionBlockMissingError ? error : undefined))
      if (missing) {
        // A node a little behind the validator: ask again next tick. An hour on, the block was never made.
        if (now - newest.createdAt < missingBlockGraceSeconds) return undefined
        const reading: Reading<StateRootValidityObservation> = {
          ok: true,
          value: { subject, claimed: newest.blockHash, outcome: 'mismatch', detail: `the L2 has no block ${newest.blockHash}` },
        }
        last = { assertionHash: newest.assertionHash, reading }
        return reading
      }
      const reading = await toReading(verified)
      if (reading.ok) last = { assertionHash: newest.assertionHash, reading } // a failed read is retried next tick
      return reading
    },
  }
}
