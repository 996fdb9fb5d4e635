import { BlockNotFoundError, type Hash, type Hex, type PublicClient, size } from 'viem'
import { getBlock } from 'viem/actions'
import { WatchtowerError } from '../../errors/WatchtowerError.js'
import type { StateRootValidityObservation } from '../../types.js'

/** No endpoint has a block with the assertion's hash: a lagging node, or a block the L2 never made. */
export class AssertionBlockMissingError extends WatchtowerError {
  override name = 'AssertionBlockMissingError'
  constructor(readonly blockHash: Hash, cause: unknown) {
    super(`the L2 has no block ${blockHash}`, { cause })
  }
}

/** One endpoint's block by the assertion's hash: its number and send root, or none; an Error when it did not answer. */
export type AssertionBlock = { readonly kind: 'missing' } | { readonly kind: 'found'; readonly number: bigint; readonly sendRoot?: Hex } | Error

/** One endpoint's canonical block hash at that number (an Error when it did not answer; undefined: nothing to ask). */
export type CanonicalHash = Hash | Error | undefined

export interface JudgeAssertionStateParameters {
  readonly subject: string
  /** The assertion's afterState.globalState.bytes32Vals. */
  readonly blockHash: Hash
  readonly sendRoot: Hex
  /** Per endpoint, in the order of the clients: findAssertionBlocks, then the hash at each found block's number. */
  readonly blocks: readonly AssertionBlock[]
  readonly canonical: readonly CanonicalHash[]
}

type EndpointAnswer =
  | { readonly kind: 'missing' }
  | { readonly kind: 'verdict'; readonly l2Block: bigint; readonly match: boolean; readonly claimed: Hex; readonly computed: Hex; readonly detail?: string }

/** Nitro returns `sendRoot` in the block JSON; the header's extraData holds the same 32 bytes. */
function sendRootOf(block: { extraData?: Hex; sendRoot?: Hex }): Hex | undefined {
  if (block.sendRoot) return block.sendRoot.toLowerCase() as Hex
  return block.extraData && size(block.extraData) === 32 ? (block.extraData.toLowerCase() as Hex) : undefined
}

async function blockByHash(client: PublicClient, blockHash: Hash): Promise<AssertionBlock> {
  const block = await getBlock(client, { blockHash }).catch((error: unknown) => {
    if (error instanceof BlockNotFoundError) return undefined
    throw error
  })
  if (!block || block.number === null) return { kind: 'missing' }
  const sendRoot = sendRootOf(block as { extraData?: Hex; sendRoot?: Hex })
  return { kind: 'found', number: block.number, ...(sendRoot ? { sendRoot } : {}) }
}

/** The assertion's block by hash on every endpoint (one request each): by hash a node also serves blocks it reorged away. */
export function findAssertionBlocks(clients: readonly PublicClient[], blockHash: Hash): Promise<AssertionBlock[]> {
  return Promise.all(clients.map((client) => blockByHash(client, blockHash).catch((error: unknown) => error as Error)))
}

/**
 * The hash each endpoint's canonical chain has at the number its block by hash had. Started with the next tick's
 * head reads, these calls share the head batch of that endpoint (JSON-RPC batching).
 */
export function readCanonicalHashes(clients: readonly PublicClient[], blocks: readonly AssertionBlock[]): Promise<CanonicalHash[]> {
  return Promise.all(
    clients.map((client, i) => {
      const block = blocks[i]
      if (!block || block instanceof Error || block.kind !== 'found') return undefined
      return getBlock(client, { blockNumber: block.number }).then(
        (canonical) => canonical.hash ?? new Error(`the L2 returned a pending block for #${block.number}`),
        (error: unknown) => error as Error,
      )
    }),
  )
}

function answerOf(block: AssertionBlock, canonical: CanonicalHash, blockHash: Hash, sendRoot: Hex): EndpointAnswer | Error {
  if (block instanceof Error) return block
  if (block.kind === 'missing') return block
  if (canonical instanceof Error) return canonical
  const l2Block = block.number
  if (canonical === undefined) return new Error(`the canonical block #${l2Block} was not read`)
  if (canonical.toLowerCase() !== blockHash.toLowerCase())
    return { kind: 'verdict', l2Block, match: false, claimed: blockHash, computed: canonical, detail: `block ${blockHash} is not on the L2's canonical chain (#${l2Block} is ${canonical})` }
  const served = block.sendRoot
  if (!served) return { kind: 'verdict', l2Block, match: true, claimed: blockHash, computed: blockHash.toLowerCase() as Hex, detail: 'the L2 RPC serves no send root; block hash only' }
  if (served !== sendRoot.toLowerCase())
    return { kind: 'verdict', l2Block, match: false, claimed: sendRoot, computed: served, detail: `block #${l2Block} has send root ${served}, the assertion claims ${sendRoot}` }
  return { kind: 'verdict', l2Block, match: true, claimed: sendRoot, computed: served }
}

/**
 * A BoLD assertion's after-state against every endpoint's answers (pure): its block hash must be canonical (by hash,
 * then by number back to the same hash) and its send root the block's. `claimed`/`computed` are the send roots where
 * the block is canonical, the block hashes where it is not. Throws when no endpoint could judge.
 */
export function judgeAssertionState({ subject, blockHash, sendRoot, blocks, canonical }: JudgeAssertionStateParameters): StateRootValidityObservation {
  const answers = blocks.map((block, i) => answerOf(block, canonical[i], blockHash, sendRoot))
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
