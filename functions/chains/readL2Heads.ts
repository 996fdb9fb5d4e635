import type { Block, PublicClient } from 'viem'
import { getBlock } from 'viem/actions'
import { describeError } from '../rpc/describeError.js'
import type { BlockRef, L2Heads } from '../types.js'

export interface ReadL2HeadsParameters {
  /** Also read `safe` and `finalized` (they go out in the same JSON-RPC batch as `latest`). */
  readonly withSafeTags: boolean
}

function toBlockRef(block: Block): BlockRef {
  if (block.number === null || block.hash === null) throw new Error('the RPC returned a pending block')
  return { number: block.number, timestamp: Number(block.timestamp), hash: block.hash }
}

/**
 * `latest` (required), `safe` and `finalized` (best effort: plain EVM chains may not serve them) in one
 * HTTP request through the client's JSON-RPC batching.
 */
export async function readL2Heads(client: PublicClient, { withSafeTags }: ReadL2HeadsParameters): Promise<L2Heads> {
  const tags = withSafeTags ? (['latest', 'safe', 'finalized'] as const) : (['latest'] as const)
  const [latest, safe, finalized] = await Promise.allSettled(tags.map((blockTag) => getBlock(client, { blockTag })))
  if (latest!.status === 'rejected') throw latest!.reason
  const heads: { latest: BlockRef; safe?: BlockRef; finalized?: BlockRef; safeError?: string } = {
    latest: toBlockRef(latest!.value),
  }
  if (safe?.status === 'fulfilled') heads.safe = toBlockRef(safe.value)
  else if (safe?.status === 'rejected') heads.safeError = describeError(safe.reason)
  if (finalized?.status === 'fulfilled') heads.finalized = toBlockRef(finalized.value)
  return heads
}
