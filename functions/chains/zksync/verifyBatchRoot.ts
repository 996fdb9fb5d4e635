import { type Hash, MethodNotFoundRpcError, type PublicClient } from 'viem'
import { describeError } from '../../rpc/describeError.js'
import type { StateRootValidityObservation } from '../../types.js'

export interface VerifyBatchRootParameters {
  /** Every configured L2 endpoint: they must agree before a mismatch counts. */
  readonly clients: readonly PublicClient[]
  readonly batchNumber: bigint
  /** BlockCommit's batchHash (the batch's new state root). */
  readonly batchHash: Hash
}

/** What the endpoints said when none gave a root hash. */
export type BatchRootUnanswered = { readonly reason: 'method-missing'; readonly detail: string } | { readonly reason: 'batch-unknown' }

/** Errors that say the node does not have the method (not a ZKsync node, or one that disabled the namespace). */
const methodMissing = (error: Error) =>
  error instanceof MethodNotFoundRpcError || /method .*(not found|not supported|does not exist|not available)|-32601|unknown method/i.test(describeError(error))

/**
 * Asks every endpoint for `zks_getL1BatchDetails(batch).rootHash` and compares it with the committed batch hash.
 * Returns the unanswered reason where no endpoint gave a root (the method is missing, or the batch is not known).
 */
export async function verifyBatchRoot({ clients, batchNumber, batchHash }: VerifyBatchRootParameters): Promise<StateRootValidityObservation | BatchRootUnanswered> {
  const answers = await Promise.all(
    clients.map((client) =>
      client
        .request({ method: 'zks_getL1BatchDetails', params: [Number(batchNumber)] } as never)
        .then((details) => ((details as { rootHash?: Hash | null } | null)?.rootHash ?? undefined)?.toLowerCase() as Hash | undefined, (error: unknown) => error as Error),
    ),
  )
  const roots = answers.filter((answer): answer is Hash => typeof answer === 'string')
  const errors = answers.filter((answer): answer is Error => answer instanceof Error)
  if (roots.length === 0) {
    if (errors.length > 0 && errors.every(methodMissing)) return { reason: 'method-missing', detail: `the L2 RPC has no zks_getL1BatchDetails (${describeError(errors[0])})` }
    if (errors.length > 0) throw errors[0]
    return { reason: 'batch-unknown' }
  }
  const base = { subject: `batch #${batchNumber}`, claimed: batchHash }
  const distinct = [...new Set(roots)]
  if (distinct.length > 1) return { ...base, computed: distinct[0]!, outcome: 'disagree', detail: distinct.join(' vs ') }
  const computed = distinct[0]!
  return { ...base, computed, outcome: computed === batchHash.toLowerCase() ? 'match' : 'mismatch' }
}
