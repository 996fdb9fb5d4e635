import { BlockNotFoundError, type Hash, type Hex, type PublicClient, size } from 'viem'
import { getBlock } from 'viem/actions'
import { WatchtowerError } from '../../errors/WatchtowerError.js'
import type { StateRootValidityObservation } from '../../types.js'

export interface VerifyAssertionStateParameters {
  /** Every configured L2 endpoint: they must agree before a mismatch counts. */
  readonly clients: readonly PublicClient[]
  readonly subject: string
  /** The assertion's afterState.globalState.bytes32Vals. */
  readonly blockHash: Hash
  readonly sendRoot: Hex
}

/** No endpoint has a block with the assertion's hash: a lagging node, or a block the L2 never made. */
export class AssertionBlockMissingError extends WatchtowerError {
  override name = 'AssertionBlockMissingError'
  constructor(readonly blockHash: Hash, cause: unknown) {
    super(`the L2 has no block ${blockHash}`, { cause })
  }
}

type EndpointAnswer =
  | { readonly kind: 'missing' }
  | { readonly kind: 'verdict'; readonly l2Block: bigint; readonly match: boolean; readonly claimed: Hex; readonly computed: Hex; readonly detail?: string }

/** Nitro returns `sendRoot` in the block JSON; the header's extraData holds the same 32 bytes. */
function sendRootOf(block: { extraData?: Hex; sendRoot?: Hex }): Hex | undefined {
  if (block.sendRoot) return block.sendRoot.toLowerCase() as Hex
  return block.extraData && size(block.extraData) === 32 ? (block.extraData.toLowerCase() as Hex) : undefined
}

async function askEndpoint(client: PublicClient, blockHash: Hash, sendRoot: Hex): Promise<EndpointAnswer> {
  const block = await getBlock(client, { blockHash }).catch((error: unknown) => {
    if (error instanceof BlockNotFoundError) return undefined
    throw error
  })
  if (!block || block.number === null) return { kind: 'missing' }
  const l2Block = block.number
  // By hash a node also serves blocks it reorged away; by number it answers with its canonical chain.
  const canonical = await getBlock(client, { blockNumber: l2Block })
  if (canonical.hash?.toLowerCase() !== blockHash.toLowerCase())
    return { kind: 'verdict', l2Block, match: false, claimed: blockHash, computed: canonical.hash!, detail: `block ${blockHash} is not on the L2's canonical chain (#${l2Block} is ${canonical.hash})` }
  const served = sendRootOf(block as { extraData?: Hex; sendRoot?: Hex })
  if (!served) return { kind: 'verdict', l2Block, match: true, claimed: blockHash, computed: blockHash.toLowerCase() as Hex, detail: 'the L2 RPC serves no send root; block hash only' }
  if (served !== sendRoot.toLowerCase())
    return { kind: 'verdict', l2Block, match: false, claimed: sendRoot, computed: served, detail: `block #${l2Block} has send root ${served}, the assertion claims ${sendRoot}` }
  return { kind: 'verdict', l2Block, match: true, claimed: sendRoot, computed: served }
}

/**
 * A BoLD assertion's after-state against every endpoint: its block hash must be canonical (by hash, then by number
 * back to the same hash) and its send root the block's. `claimed`/`computed` are the send roots where the block is
 * canonical, the block hashes where it is not.
 */
export async function verifyAssertionState({ clients, subject, blockHash, sendRoot }: VerifyAssertionStateParameters): Promise<StateRootValidityObservation> {
  const answers = await Promise.all(clients.map((client) => askEndpoint(client, blockHash, sendRoot).catch((error: unknown) => error as Error)))
  const verdicts = answers.filter((answer): answer is Extract<EndpointAnswer, { kind: 'verdict' }> => !(answer instanceof Error) && answer.kind === 'verdict')
  if (verdicts.length === 0) {
    const errors = answers.filter((answer): answer is Error => answer instanceof Error)
    if (errors.length > 0) throw errors[0]
    throw new AssertionBlockMissingError(blockHash, undefined)
  }
  const first = verdicts[0]!
  const base = { subject, l2Block: first.l2Block, claimed: first.claimed, computed: first.computed, ...(first.detail ? { detail: first.detail } : {}) }
  const distinct = new Set(verdicts.map((verdict) => `${verdict.match}:${verdict.l2Block}:${verdict.computed.toLowerCase()}`))
  if (distinct.size > 1) return { ...base, outcome: 'disagree', detail: verdicts.map((v) => (v.match ? `#${v.l2Block} matches` : v.detail)).join(' vs ') }
  return { ...base, outcome: first.match ? 'match' : 'mismatch' }
}
