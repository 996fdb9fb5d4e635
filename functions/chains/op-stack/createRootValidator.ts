import { type Hex, hexToBigInt, type PublicClient, size, slice } from 'viem'
import type { Reading, StateRootValidityObservation } from '../../types.js'
import { createNewestRootMemo, type RootVerification, toRootVerification } from '../createNewestRootMemo.js'
import { decodeSuperRoot } from './decodeSuperRoot.js'
import type { GameFamily } from './gameFamilies.js'
import type { KnownGame } from './scanRespectedGames.js'
import { L2BlockMissingError, verifyOutputRoot } from './verifyOutputRoot.js'
import { type SuperchainMember, verifySuperRoot } from './verifySuperRoot.js'

export interface RootValidatorParameters {
  /** Every configured L2 endpoint of this chain. */
  readonly clients: readonly PublicClient[]
  readonly opNode?: PublicClient
  /** The configured OP Stack chains (this one included) a super root's outputs are checked on; asked only for a super-root game. */
  readonly superchain: () => Promise<readonly SuperchainMember[]>
}

export interface RootValidator {
  /** Whether a root was ever verified here: then a failed L1 read makes the check unknown rather than absent. */
  readonly verifying: boolean
  /** The newest game's verification: computed once when it lands, then repeated from memory (no request). */
  observe(newest: KnownGame | undefined, family: GameFamily | undefined, now: number): Promise<Reading<StateRootValidityObservation> | undefined>
}

const shortAddress = (address: string) => `${address.slice(0, 6)}…${address.slice(-4)}`

/**
 * `state-root-validity` for OP Stack games, by the family's row: output roots are recomputed on the L2 (every
 * endpoint, plus op-node); a super root's output roots are recomputed on each chain of its dependency set that is
 * configured here (an incomplete set is said once). A result the L2 cannot give (pruned state) is said once too.
 */
export function createRootValidator({ clients, opNode, superchain }: RootValidatorParameters): RootValidator {
  const memo = createNewestRootMemo()

  /** The output roots to recompute for the game; undefined for a game whose extraData names no L2 block. */
  function verify(game: KnownGame, family: GameFamily, subject: string): Promise<StateRootValidityObservation> | StateRootValidityObservation | undefined {
    if (family.rootClaim === 'super-root') {
      const superRoot = decodeSuperRoot(game.extraData, game.rootClaim)
      if (!superRoot)
        return unverifiable(subject, game.rootClaim, "its extraData is not the super root's preimage (version 1 ‖ timestamp ‖ each chain's output root) of its root claim")
      return superchain().then((members) => verifySuperRoot({ subject, rootClaim: game.rootClaim, superRoot, members }))
    }
    if (size(game.extraData) < 32) return undefined
    const l2Block = hexToBigInt(slice(game.extraData, 0, 32))
    return verifyOutputRoot({ clients, ...(opNode ? { opNode } : {}), subject, l2Block, rootClaim: game.rootClaim })
  }

  return {
    get verifying() {
      return memo.verifying
    },
    async observe(newest, family, now) {
      if (!newest || !family) return undefined // nothing posted yet, or an unknown type (proof-system says so)
      const subject = `game ${shortAddress(newest.proxy)}`
      const root = { key: newest.proxy, subject, claimed: newest.rootClaim, postedAt: newest.createdAt }
      return memo.observe(root, now, async (): Promise<RootVerification> => {
        const verified = verify(newest, family, subject)
        if (!verified) return { kind: 'once', value: unverifiable(subject, newest.rootClaim, 'its extraData names no L2 block') }
        try {
          return toRootVerification(await verified)
        } catch (error) {
          if (error instanceof L2BlockMissingError) return { kind: 'missing', detail: error.message, ...(error.l2Block !== undefined ? { l2Block: error.l2Block } : {}) }
          throw error
        }
      })
    },
  }
}

const unverifiable = (subject: string, claimed: Hex, detail: string): StateRootValidityObservation => ({ subject, claimed, outcome: 'unverifiable', detail })
