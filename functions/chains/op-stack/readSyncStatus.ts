import type { PublicClient } from 'viem'
import type { BlockRef } from '../../types.js'

/** The L2 block refs of op-node's `optimism_syncStatus` the monitor uses. */
export interface SyncStatusHeads {
  readonly unsafe: BlockRef
  readonly safe: BlockRef
  readonly finalized: BlockRef
}

interface L2BlockRef {
  hash: `0x${string}`
  number: number | string
  timestamp: number | string
}

const toRef = (ref: L2BlockRef | undefined, name: string): BlockRef => {
  if (!ref || ref.hash === undefined) throw new Error(`optimism_syncStatus has no ${name}`)
  return { hash: ref.hash, number: BigInt(ref.number), timestamp: Number(ref.timestamp) }
}

/**
 * op-node's own view (`optimism_syncStatus`): `safe_l2` is what it derived from batches on L1, straight from the
 * rollup node rather than as relayed to the execution client's `safe` tag (which lags a forkchoice update).
 */
export async function readSyncStatus(client: PublicClient): Promise<SyncStatusHeads> {
  const status = (await client.request({ method: 'optimism_syncStatus' } as never)) as Record<string, L2BlockRef>
  return { unsafe: toRef(status.unsafe_l2, 'unsafe_l2'), safe: toRef(status.safe_l2, 'safe_l2'), finalized: toRef(status.finalized_l2, 'finalized_l2') }
}
