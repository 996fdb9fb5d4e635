import { BlockNotFoundError, type Hex, type PublicClient } from 'viem'
import { WatchtowerError } from '../../errors/WatchtowerError.js'
import { describeError } from '../../rpc/describeError.js'
import type { StateRootValidityObservation } from '../../types.js'
import { computeOutputRoot } from './computeOutputRoot.js'

export interface VerifyOutputRootParameters {
  /** Every configured L2 endpoint: they must agree before a mismatch counts. */
  readonly clients: readonly PublicClient[]
  /** op-node, where configured: `optimism_outputAtBlock` is a second opinion. */
  readonly opNode?: PublicClient
  readonly subject: string
  readonly l2Block: bigint
  readonly rootClaim: Hex
}

/** No endpoint has the game's L2 block (yet): an honest proposal trails the safe head, so this is a lagging node or a bogus claim. */
export class L2BlockMissingError extends WatchtowerError {
  override name = 'L2BlockMissingError'
  constructor(readonly l2Block: bigint | undefined, cause: unknown, message = `the L2 has no block #${l2Block}`) {
    super(message, { cause })
  }
}

/** Errors that say the node cannot serve this state (pruned history, method missing), not that it is down. */
const unservable = /missing trie node|header not found|not found|pruned|not supported|does not exist|method .* not|unknown block|historical state/i

/** Recomputes the output root on every endpoint (and op-node) and compares it with the game's root claim. */
export async function verifyOutputRoot({ clients, opNode, subject, l2Block, rootClaim }: VerifyOutputRootParameters): Promise<StateRootValidityObservation> {
  const base = { subject, l2Block, claimed: rootClaim }
  const answers = await Promise.all([
    ...clients.map((client) => computeOutputRoot(client, { blockNumber: l2Block }).then((root) => root.outputRoot, (error: unknown) => error as Error)),
    ...(opNode
      ? [
          opNode
            .request({ method: 'optimism_outputAtBlock', params: [`0x${l2Block.toString(16)}`] } as never)
            .then((output) => (output as { outputRoot: Hex }).outputRoot, (error: unknown) => error as Error),
        ]
      : []),
  ])
  const roots = answers.filter((answer): answer is Hex => typeof answer === 'string').map((root) => root.toLowerCase() as Hex)
  const errors = answers.filter((answer): answer is Error => answer instanceof Error)
  if (roots.length === 0) {
    if (errors.every((error) => error instanceof BlockNotFoundError)) throw new L2BlockMissingError(l2Block, errors[0])
    const detail = describeError(errors[0])
    if (errors.every((error) => unservable.test(describeError(error)))) return { ...base, outcome: 'unverifiable', detail }
    throw errors[0]
  }
  const distinct = [...new Set(roots)]
  if (distinct.length > 1) return { ...base, computed: distinct[0]!, outcome: 'disagree', detail: distinct.join(' vs ') }
  const computed = distinct[0]!
  return { ...base, computed, outcome: computed === rootClaim.toLowerCase() ? 'match' : 'mismatch' }
}
