import { type Address, type Hex, hexToBigInt, type PublicClient, size, slice } from 'viem'
import type { Reading, StateRootValidityObservation } from '../../types.js'
import { toReading } from '../toReading.js'
import type { GameFamily } from './gameFamilies.js'
import type { KnownGame } from './scanRespectedGames.js'
import { decodeSuperRoot } from './decodeSuperRoot.js'
import { L2BlockMissingError, verifyOutputRoot } from './verifyOutputRoot.js'
import { type SuperchainMember, verifySuperRoot } from './verifySuperRoot.js'

/** How long a game may name an L2 block the endpoints do not have before that is itself the finding. */
export const missingBlockGraceSeconds = 3600

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

const shortAddress = (address: Address) => `${address.slice(0, 6)}…${address.slice(-4)}`

/**
 * `state-root-validity` for OP Stack games, by the family's row: output roots are recomputed on the L2 (every
 * endpoint, plus op-node); a super root's output roots are recomputed on each chain of its dependency set that is
 * configured here (an incomplete set is said once). A result the L2 cannot give (pruned state) is reported once too, then left out until the next game.
 */
export function createRootValidator({ clients, opNode, superchain }: RootValidatorParameters): RootValidator {
  /** The output roots to recompute for the game, or an unverifiable result to say once. */
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

  let last: { proxy: Address; reading: Reading<StateRootValidityObservation>; repeat: boolean } | undefined
  return {
    get verifying() {
      return last?.repeat === true
    },
    async observe(newest, family, now) {
      if (!newest || !family) return undefined // nothing posted yet, or an unknown type (proof-system says so)
      if (last?.proxy === newest.proxy) return last.repeat ? last.reading : undefined
      const subject = `game ${shortAddress(newest.proxy)}`
      const verified = verify(newest, family, subject)
      if (!verified) return undefined
      if ('outcome' in verified) {
        last = { proxy: newest.proxy, reading: { ok: true, value: verified }, repeat: false }
        return last.reading
      }
      const missing = await verified.then(() => undefined, (error: unknown) => (error instanceof L2BlockMissingError ? error : undefined))
      if (missing) {
        // A node a little behind the proposer: ask again next tick. An hour on, the claim names a block the L2 never made.
        if (now - newest.createdAt < missingBlockGraceSeconds) return undefined
        const reading: Reading<StateRootValidityObservation> = {
          ok: true,
          value: { subject, ...(missing.l2Block !== undefined ? { l2Block: missing.l2Block } : {}), claimed: newest.rootClaim, outcome: 'mismatch', detail: missing.message },
        }
        last = { proxy: newest.proxy, reading, repeat: true }
        return reading
      }
      const reading = await toReading(verified)
      // A failed read is retried next tick; a result (or an unservable state, said once) is kept for this game.
      if (reading.ok) last = { proxy: newest.proxy, reading, repeat: reading.value.outcome !== 'unverifiable' }
      return reading
    },
  }
}

const unverifiable = (subject: string, claimed: Hex, detail: string): StateRootValidityObservation => ({ subject, claimed, outcome: 'unverifiable', detail })
