import { type Address, getAbiItem, type PublicClient } from 'viem'
import { getBlock } from 'viem/actions'
import { findLogById, type LogLookupResume } from '../findLogById.js'
import { diamondAbi } from './abis.js'
import { findPriorityRequestByData } from './findPriorityRequestByData.js'

const newPriorityRequestId = getAbiItem({ abi: diamondAbi, name: 'NewPriorityRequestId' })

/** Where the oldest unprocessed priority tx was requested on L1 (its NewPriorityRequest[Id] log). */
export interface PriorityTxOrigin {
  readonly index: bigint
  /** Undefined: not on L1 within the scan's lookback. */
  readonly l1Block?: bigint
  readonly sentAt?: number
}

/** What the lookup remembers between ticks: it runs only when the oldest unprocessed id changed. */
export interface PriorityTxCache extends LogLookupResume {
  oldest?: PriorityTxOrigin
}

export interface ReadOldestPriorityTxParameters {
  readonly diamond: Address
  /** getFirstUnprocessedPriorityTx() of this tick. */
  readonly index: bigint
  /** L1 head the counters were read at. */
  readonly head: bigint
  readonly cache: PriorityTxCache
  readonly maxRange?: bigint | undefined
  readonly lookback?: bigint | undefined
}

const defaultLookback = 100_000n
const defaultRange = 10_000n

/**
 * The L1 block and time of priority tx `index`: NewPriorityRequestId filtered by its indexed id (one small
 * eth_getLogs, bounded and resumable), else on older diamonds NewPriorityRequest decoded. Looked up once per id,
 * in the same JSON-RPC batch as the tick's other log scans; a tick whose oldest id did not move asks nothing.
 */
export async function readOldestPriorityTx(client: PublicClient, { diamond, index, head, cache, maxRange, lookback = defaultLookback }: ReadOldestPriorityTxParameters): Promise<PriorityTxOrigin> {
  if (cache.oldest?.index === index) return cache.oldest
  let found: { blockNumber: bigint; timestamp?: number } | undefined = await findLogById(client, {
    address: diamond,
    event: newPriorityRequestId,
    argName: 'txId',
    id: index,
    head,
    resume: cache,
    maxRange,
    lookback,
  })
  if (!found) {
    const byData = await findPriorityRequestByData(client, { diamond, txId: index, head, lookback, maxRange: maxRange ?? defaultRange, maxCalls: 12 })
    found = byData && { blockNumber: byData.blockNumber, ...(byData.blockTimestamp !== undefined ? { timestamp: Number(byData.blockTimestamp) } : {}) }
  }
  const sentAt = found && (found.timestamp ?? Number((await getBlock(client, { blockNumber: found.blockNumber })).timestamp))
  cache.oldest = { index, ...(found ? { l1Block: found.blockNumber, sentAt: sentAt! } : {}) }
  return cache.oldest
}
