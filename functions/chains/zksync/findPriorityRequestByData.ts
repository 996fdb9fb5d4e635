import { type Address, getAbiItem, type PublicClient } from 'viem'
import { getLogs } from 'viem/actions'
import { WatchtowerError } from '../../errors/WatchtowerError.js'
import { diamondAbi } from './abis.js'

const newPriorityRequest = getAbiItem({ abi: diamondAbi, name: 'NewPriorityRequest' })

export interface FindPriorityRequestByDataParameters {
  readonly diamond: Address
  readonly txId: bigint
  /** Scan from here down to head − lookback. */
  readonly head: bigint
  readonly lookback: bigint
  readonly maxRange: bigint
  readonly maxCalls: number
}

/**
 * The NewPriorityRequest log of priority tx `txId` on a diamond too old to emit NewPriorityRequestId (its txId is
 * not indexed): newest chunks first, stopping at the chunk that holds it or one already below it (ids rise with the
 * blocks). Only for those diamonds, and once per oldest-unprocessed id: the logs carry whole transactions.
 */
export async function findPriorityRequestByData(
  client: PublicClient,
  { diamond, txId, head, lookback, maxRange, maxCalls }: FindPriorityRequestByDataParameters,
): Promise<{ blockNumber: bigint; blockTimestamp?: bigint } | undefined> {
  const floor = head > lookback ? head - lookback : 0n
  let to = head
  for (let calls = 0; to >= floor; calls++) {
    if (calls >= maxCalls) throw new WatchtowerError(`priority tx #${txId} not found in ${calls} eth_getLogs calls of ${maxRange} blocks`)
    const from = to - maxRange + 1n > floor ? to - maxRange + 1n : floor
    const logs = await getLogs(client, { address: diamond, event: newPriorityRequest, fromBlock: from, toBlock: to, strict: true })
    const match = logs.find((log) => log.args.txId === txId)
    if (match) return { blockNumber: match.blockNumber, ...(match.blockTimestamp != null ? { blockTimestamp: BigInt(match.blockTimestamp) } : {}) }
    if (logs.some((log) => log.args.txId < txId)) return undefined
    to = from - 1n
  }
  return undefined
}
