import type { Hash, Hex, PublicClient } from 'viem'
import type { Reading, StateRootValidityObservation } from '../../types.js'
import { createNewestRootMemo, type RootVerification, toRootVerification } from '../createNewestRootMemo.js'
import {
  type AssertionBlock,
  AssertionBlockMissingError,
  type CanonicalHash,
  findAssertionBlocks,
  judgeAssertionState,
  readCanonicalHashes,
} from './verifyAssertionState.js'

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
  /**
   * Starts the canonical-chain reads a verification left for this tick; call it with the L2 head reads, so they
   * share each endpoint's head batch. No request when nothing is waiting.
   */
  prefetch(): void
  /** The newest assertion's verification: computed once when it lands, then repeated from memory (no request). */
  observe(newest: NewestAssertion | undefined, now: number): Promise<Reading<StateRootValidityObservation> | undefined>
}

const short = (hash: Hash) => `${hash.slice(0, 6)}…${hash.slice(-4)}`

/** An assertion found by hash, waiting for its canonical check (the next tick's head batch). */
interface Waiting {
  readonly assertionHash: Hash
  readonly blocks: readonly AssertionBlock[]
  canonical?: Promise<CanonicalHash[]>
}

/**
 * `state-root-validity` for Arbitrum BoLD: the newest assertion's block hash and send root, asked of every L2
 * endpoint. A new assertion's block is read by hash when it lands (L2 +1, with the confirmed block's lookup); the
 * by-number read that proves it canonical rides in the next tick's head batch, and the previous assertion's result
 * is shown until then. The first verification of a process (nothing to show yet) completes at once.
 */
export function createAssertionValidator({ clients }: { readonly clients: readonly PublicClient[] }): AssertionValidator {
  const memo = createNewestRootMemo()
  let waiting: Waiting | undefined

  const judge = (newest: NewestAssertion, subject: string, blocks: readonly AssertionBlock[], canonical: readonly CanonicalHash[]): RootVerification => {
    try {
      return toRootVerification(judgeAssertionState({ subject, blockHash: newest.blockHash, sendRoot: newest.sendRoot, blocks, canonical }))
    } catch (error) {
      if (error instanceof AssertionBlockMissingError) return { kind: 'missing', detail: error.message }
      throw error
    }
  }

  async function verify(newest: NewestAssertion, subject: string): Promise<RootVerification> {
    if (waiting?.assertionHash === newest.assertionHash) {
      const { blocks } = waiting
      // Not prefetched (observe called without prefetch): read now.
      const canonical = await (waiting.canonical ?? readCanonicalHashes(clients, blocks))
      const verification = judge(newest, subject, blocks, canonical)
      waiting = undefined
      return verification
    }
    waiting = undefined
    const blocks = await findAssertionBlocks(clients, newest.blockHash)
    if (!blocks.some((block) => !(block instanceof Error) && block.kind === 'found')) return judge(newest, subject, blocks, [])
    if (!memo.verifying) return judge(newest, subject, blocks, await readCanonicalHashes(clients, blocks))
    waiting = { assertionHash: newest.assertionHash, blocks }
    return { kind: 'pending' }
  }

  return {
    get verifying() {
      return memo.verifying
    },
    prefetch() {
      if (waiting) waiting.canonical = readCanonicalHashes(clients, waiting.blocks)
    },
    async observe(newest, now) {
      if (!newest) return undefined
      const subject = `assertion ${short(newest.assertionHash)}`
      const root = { key: newest.assertionHash, subject, claimed: newest.blockHash, postedAt: newest.createdAt }
      return memo.observe(root, now, () => verify(newest, subject))
    },
  }
}
