import { type Address, type Hex, hexToBigInt, type PublicClient, size, slice } from 'viem'
import type { Reading, StateRootValidityObservation } from '../../types.js'
import { toReading } from '../toReading.js'
import type { GameFamily } from './gameFamilies.js'
import type { KnownGame } from './scanRespectedGames.js'
import { L2BlockMissingError, verifyOutputRoot } from './verifyOutputRoot.js'

/** How long a game may name an L2 block the endpoints do not have before that is itself the finding. */
export const missingBlockGraceSeconds = 3600

export interface RootValidator {
  /** Whether a root was ever verified here: then a failed L1 read makes the check unknown rather than absent. */
  readonly verifying: boolean
  /** The newest game's verification: computed once when it lands, then repeated from memory (no request). */
  observe(newest: KnownGame | undefined, family: GameFamily | undefined, now: number): Promise<Reading<StateRootValidityObservation> | undefined>
}

const shortAddress = (address: Address) => `${address.slice(0, 6)}…${address.slice(-4)}`

/**
 * `state-root-validity` for OP Stack games, by the family's row: output roots are recomputed on the L2 (every
 * endpoint, plus op-node); a super root commits to a whole dependency set this watchtower does not read, which is
 * said once. A result the L2 cannot give (pruned state) is reported once too, then left out until the next game.
 */
export function createRootValidator({ clients, opNode }: { readonly clients: readonly PublicClient[]; readonly opNode?: PublicClient }): RootValidator {
  let last: { proxy: Address; reading: Reading<StateRootValidityObservation>; repeat: boolean } | undefined
  return {
    get verifying() {
      return last?.repeat === true
    },
    async observe(newest, family, now) {
      if (!newest || !family) return undefined // nothing posted yet, or an unknown type (proof-system says so)
      if (last?.proxy === newest.proxy) return last.repeat ? last.reading : undefined
      const subject = `game ${shortAddress(newest.proxy)}`
      if (family.rootClaim === 'super-root') {
        const reading = unverifiable(subject, newest.rootClaim, 'super-root games commit to every chain of the dependency set; verifying one needs all of their RPCs, which this watchtower does not read')
        last = { proxy: newest.proxy, reading, repeat: false }
        return reading
      }
      if (size(newest.extraData) < 32) return undefined
      const l2Block = hexToBigInt(slice(newest.extraData, 0, 32))
      const verified = verifyOutputRoot({ clients, ...(opNode ? { opNode } : {}), subject, l2Block, rootClaim: newest.rootClaim })
      const missing = await verified.then(() => undefined, (error: unknown) => (error instanceof L2BlockMissingError ? error : undefined))
      if (missing) {
        // A node a little behind the proposer: ask again next tick. An hour on, the claim names a block the L2 never made.
        if (now - newest.createdAt < missingBlockGraceSeconds) return undefined
        const reading: Reading<StateRootValidityObservation> = {
          ok: true,
          value: { subject, l2Block, claimed: newest.rootClaim, outcome: 'mismatch', detail: `the L2 has no block #${l2Block}` },
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

const unverifiable = (subject: string, claimed: Hex, detail: string): Reading<StateRootValidityObservation> => ({
  ok: true,
  value: { subject, claimed, outcome: 'unverifiable', detail },
})
