import type { Hash, PublicClient } from 'viem'
import type { Reading, StateRootValidityObservation } from '../../types.js'
import { createNewestRootMemo, type RootVerification, toRootVerification } from '../createNewestRootMemo.js'
import type { FoundLog } from '../LogCursor.js'
import { verifyBatchRoot } from './verifyBatchRoot.js'

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
  const memo = createNewestRootMemo()
  // The RPC has no such method: said once, then never asked again (not once per batch).
  let methodMissing = false
  return {
    get verifying() {
      return memo.verifying && !methodMissing
    },
    async observe(latestCommit, now) {
      if (!latestCommit || methodMissing) return undefined
      const { batchNumber, batchHash } = latestCommit.args
      if (!batchNumber || !batchHash) return undefined
      const subject = `batch #${batchNumber}`
      const root = { key: batchNumber, subject, claimed: batchHash as Hash, postedAt: latestCommit.timestamp }
      return memo.observe(root, now, async (): Promise<RootVerification> => {
        const answer = await verifyBatchRoot({ clients, batchNumber: BigInt(batchNumber), batchHash: batchHash as Hash })
        if (!('reason' in answer)) return toRootVerification(answer)
        if (answer.reason === 'batch-unknown') return { kind: 'missing', detail: `the L2 has no batch #${batchNumber}` }
        methodMissing = true
        return { kind: 'once', value: { subject, claimed: batchHash as Hash, outcome: 'unverifiable', detail: answer.detail } }
      })
    },
  }
}
