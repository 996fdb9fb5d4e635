import type { Hash, PublicClient } from 'viem'
import type { Reading, StateRootValidityObservation } from '../../types.js'
import type { FoundLog } from '../LogCursor.js'
import { toReading } from '../toReading.js'
import { verifyBatchRoot } from './verifyBatchRoot.js'

/** How long a committed batch may be unknown to every endpoint before that is itself the finding. */
export const unknownBatchGraceSeconds = 3600

export interface BatchRootValidator {
  /** Whether a batch was ever verified here: then a failed L1 read makes the check unknown rather than absent. */
  readonly verifying: boolean
  /** The newest BlockCommit's verification: computed once when it lands, then repeated from memory (no request). */
  observe(latestCommit: FoundLog | undefined, now: number): Promise<Reading<StateRootValidityObservation> | undefined>
}

/**
 * `state-root-validity` for ZKsync: the newest committed batch hash against `zks_getL1BatchDetails(batch).rootHash`
 * on every L2 endpoint. An RPC without the method is reported once (unknown), then the check is left out.
 */
export function createBatchRootValidator({ clients }: { readonly clients: readonly PublicClient[] }): BatchRootValidator {
  let last: { batch: string; reading: Reading<StateRootValidityObservation> } | undefined
  let methodMissing = false
  return {
    get verifying() {
      return last !== undefined && !methodMissing
    },
    async observe(latestCommit, now) {
      if (!latestCommit || methodMissing) return undefined
      const { batchNumber, batchHash } = latestCommit.args
      if (!batchNumber || !batchHash) return undefined
      if (last?.batch === batchNumber) return last.reading
      const verified = await toReading(verifyBatchRoot({ clients, batchNumber: BigInt(batchNumber), batchHash: batchHash as Hash }))
      if (!verified.ok) return verified // retried next tick
      const answer = verified.value
      const subject = `batch #${batchNumber}`
      if ('reason' in answer) {
        if (answer.reason === 'method-missing') {
          methodMissing = true
          return { ok: true, value: { subject, claimed: batchHash as Hash, outcome: 'unverifiable', detail: answer.detail } }
        }
        // A node a little behind the L1 commit: ask again next tick. An hour on, the L2 never made that batch.
        if (now - latestCommit.timestamp < unknownBatchGraceSeconds) return undefined
        const reading = { ok: true, value: { subject, claimed: batchHash as Hash, outcome: 'mismatch', detail: `the L2 has no batch #${batchNumber}` } } as const
        last = { batch: batchNumber, reading }
        return reading
      }
      last = { batch: batchNumber, reading: verified as Reading<StateRootValidityObservation> }
      return last.reading
    },
  }
}
