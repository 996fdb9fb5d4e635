import { BlockNotFoundError, type PublicClient } from 'viem'
import { getBlock } from 'viem/actions'

/** The L2 has not made a block past the timestamp yet: its block at that time may still change. */
export class L2TimestampAheadError extends BlockNotFoundError {
  constructor(timestamp: bigint) {
    super({})
    this.message = `the L2 has no block after timestamp ${timestamp} yet`
  }
}

interface BlockRef {
  readonly number: bigint
  readonly timestamp: number
}

/** Known blocks of one endpoint, kept between calls: super roots move forward, so the last answer is the next search's floor. */
export interface BlockTimeMemo {
  floor?: BlockRef
}

/**
 * The last L2 block at or before `timestamp` (how a super root picks each chain's block). An interpolation search:
 * OP Stack blocks are evenly spaced, so one guess (fetched with its successor in one batch) usually lands.
 */
export async function findBlockAtTimestamp(client: PublicClient, { timestamp, memo = {} }: { readonly timestamp: bigint; readonly memo?: BlockTimeMemo }): Promise<bigint> {
  const target = Number(timestamp)
  const latest = await getBlock(client, { blockTag: 'latest' })
  let high: BlockRef = { number: latest.number!, timestamp: Number(latest.timestamp) }
  if (high.timestamp <= target) throw new L2TimestampAheadError(timestamp)
  let low: BlockRef =
    memo.floor && memo.floor.timestamp <= target && memo.floor.number < high.number
      ? memo.floor
      : await getBlock(client, { blockNumber: 0n }).then((block) => ({ number: 0n, timestamp: Number(block.timestamp) }))
  if (low.timestamp > target) throw new BlockNotFoundError({ blockNumber: 0n })
  // Invariant: low.timestamp ≤ target < high.timestamp.
  while (high.number - low.number > 1n) {
    const span = high.number - low.number
    const fraction = (target - low.timestamp) / Math.max(1, high.timestamp - low.timestamp)
    let guess = low.number + BigInt(Math.floor(Number(span) * fraction))
    if (guess <= low.number) guess = low.number + 1n
    if (guess >= high.number) guess = high.number - 1n
    const [block, next] = await Promise.all([getBlock(client, { blockNumber: guess }), getBlock(client, { blockNumber: guess + 1n })])
    const at: BlockRef = { number: guess, timestamp: Number(block.timestamp) }
    const after: BlockRef = { number: guess + 1n, timestamp: Number(next.timestamp) }
    if (at.timestamp > target) high = at
    else if (after.timestamp > target) {
      low = at
      high = after
    } else low = after
  }
  memo.floor = low
  return low.number
}
