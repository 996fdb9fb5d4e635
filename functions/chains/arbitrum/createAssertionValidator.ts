import type { Hash, Hex, PublicClient } from 'viem'
import type { Reading, StateRootValidityObservation } from '../../types.js'
import { createNewestRootMemo, type RootVerification, toRootVerification } from '../createNewestRootMemo.js'
import { AssertionBlockMissingError, verifyAssertionState } from './verifyAssertionState.js'

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
  const memo = createNewestRootMemo()
  return {
    get verifying() {
      return memo.verifying
    },
    async observe(newest, now) {
      if (!newest) return undefined
      const subject = `assertion ${short(newest.assertionHash)}`
      const root = { key: newest.assertionHash, subject, claimed: newest.blockHash, postedAt: newest.createdAt }
      return memo.observe(root, now, async (): Promise<RootVerification> => {
        try {
          return toRootVerification(await verifyAssertionState({ clients, subject, blockHash: newest.blockHash, sendRoot: newest.sendRoot }))
        } catch (error) {
          if (error instanceof AssertionBlockMissingError) return { kind: 'missing', detail: error.message }
          throw error
        }
      })
    },
  }
}
