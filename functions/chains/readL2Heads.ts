import { type Address, BlockNotFoundError, type Block, type PublicClient } from 'viem'
import { getBlock } from 'viem/actions'
import { describeError } from '../rpc/describeError.js'
import type { BlockRef, L2Heads, RecheckedBlock } from '../types.js'
import { readL1Origin } from './op-stack/readL1Origin.js'
import { readLastAnchoredL1Message } from './linea/readLastAnchoredL1Message.js'
import { toReading } from './toReading.js'

export interface ReadL2HeadsParameters {
  /** Also read `safe` and `finalized` (they go out in the same JSON-RPC batch as `latest`). */
  readonly withSafeTags: boolean
  /** Heights to re-read by number in the same batch (the last seen heads: reorg), at most a few. */
  readonly recheck?: readonly bigint[]
  /** OP Stack: also read the L1 origin from the L1Block predeploy (same batch; a failure is carried, not thrown). */
  readonly withL1Origin?: boolean
  /**
   * Linea: the L2MessageService whose `lastAnchoredL1MessageNumber()` joins the batch (deposits), read on the
   * endpoint whose heads are believed.
   */
  readonly anchoringOn?: Address
}

function toBlockRef(block: Block): BlockRef {
  if (block.number === null || block.hash === null) throw new Error('the RPC returned a pending block')
  return {
    number: block.number,
    timestamp: Number(block.timestamp),
    hash: block.hash,
    parentHash: block.parentHash,
    ...l1BlockNumberOf(block),
    transactions: block.transactions.length,
    gasUsed: block.gasUsed,
  }
}

/** Nitro blocks carry the L1 block number the sequencer saw; viem passes the extra field through as hex. */
function l1BlockNumberOf(block: Block): { l1BlockNumber?: bigint } {
  const value = (block as { l1BlockNumber?: unknown }).l1BlockNumber
  return typeof value === 'string' && /^0x[0-9a-f]+$/i.test(value) ? { l1BlockNumber: BigInt(value) } : {}
}

function toRechecked(number: bigint, result: PromiseSettledResult<Block>): RecheckedBlock {
  if (result.status === 'fulfilled' && result.value.hash !== null) return { number, hash: result.value.hash, parentHash: result.value.parentHash }
  if (result.status === 'rejected' && !(result.reason instanceof BlockNotFoundError)) return { number, hash: null, error: describeError(result.reason) }
  return { number, hash: null }
}

/**
 * `latest` (required), `safe` and `finalized` (best effort: plain EVM chains may not serve them) and the blocks
 * at the `recheck` heights in one HTTP request through the client's JSON-RPC batching.
 */
export async function readL2Heads(client: PublicClient, { withSafeTags, recheck = [], withL1Origin = false, anchoringOn }: ReadL2HeadsParameters): Promise<L2Heads> {
  const tags = withSafeTags ? (['latest', 'safe', 'finalized'] as const) : (['latest'] as const)
  const origin = withL1Origin ? toReading(readL1Origin(client)) : undefined
  const anchored = anchoringOn ? toReading(readLastAnchoredL1Message(client, anchoringOn)) : undefined
  const [[latest, safe, finalized], rechecked] = await Promise.all([
    Promise.allSettled(tags.map((blockTag) => getBlock(client, { blockTag }))),
    Promise.allSettled(recheck.map((blockNumber) => getBlock(client, { blockNumber }))),
  ])
  if (latest!.status === 'rejected') throw latest!.reason
  const heads: Omit<L2Heads, 'latest' | 'safe' | 'finalized' | 'safeError' | 'rechecked'> & { latest: BlockRef; safe?: BlockRef; finalized?: BlockRef; safeError?: string; rechecked?: RecheckedBlock[] } = {
    latest: toBlockRef(latest!.value),
    ...(origin ? { l1Origin: await origin } : {}),
    ...(anchored ? { l1MessagesAnchored: await anchored } : {}),
  }
  if (safe?.status === 'fulfilled') heads.safe = toBlockRef(safe.value)
  else if (safe?.status === 'rejected') heads.safeError = describeError(safe.reason)
  if (finalized?.status === 'fulfilled') heads.finalized = toBlockRef(finalized.value)
  if (recheck.length > 0) heads.rechecked = recheck.map((number, i) => toRechecked(number, rechecked[i]!))
  return heads
}
