import type { Address, PublicClient } from 'viem'
import { getBlockNumber } from 'viem/actions'
import { type ContractRead, type ContractReadResult, readContracts, unwrap } from '../../rpc/readContracts.js'
import { diamondAbi, multicall3BlockAbi, validatorTimelockAbi } from './abis.js'
import { throwIfUnanswered } from './throwIfUnanswered.js'
import { ZksyncError } from './ZksyncError.js'

export interface ReadDiamondStateParameters {
  readonly diamond: Address
  readonly validatorTimelock?: Address
  readonly multicallAddress?: Address
}

export interface DiamondState {
  /** L1 block the reads were made at: the upper end of this tick's log scans. */
  readonly head: bigint
  readonly committed: bigint
  readonly verified: bigint
  readonly executed: bigint
  /** Non-zero when the chain settles on another chain (ZK Gateway); undefined on diamonds without the getter. */
  readonly settlementLayer?: Address
  readonly frozen?: boolean
  /** ValidatorTimelock.executionDelay() in seconds: the minimum time from commit to execution. */
  readonly executionDelay?: number
  /** The priority queue (L1→L2 transactions); undefined where the diamond lacks the getters. */
  readonly priorityQueue?: PriorityQueueState
}

/** Priority transactions as the diamond counts them: processed = executed on L1 (the batch carrying them). */
export interface PriorityQueueState {
  /** getTotalPriorityTxs(): ever requested. */
  readonly total: bigint
  /** getFirstUnprocessedPriorityTx(): the oldest not yet processed (meaningful while `size` > 0). */
  readonly firstUnprocessed: bigint
  /** getPriorityQueueSize(): waiting. */
  readonly size: bigint
}

/** Reads that older diamonds (no getSettlementLayer() before the ZK Gateway) or a missing timelock may revert. */
const optional = <T>(result: ContractReadResult | undefined): T | undefined =>
  result?.status === 'success' ? (result.result as T) : undefined

/**
 * Everything the diamond and the timelock report this tick, in one HTTP request: one Multicall3 eth_call that
 * also returns the L1 block number, or (without Multicall3) plain eth_calls plus eth_blockNumber in one
 * JSON-RPC batch. The executionDelay and the priority-queue counters ride along every tick: no extra request.
 */
export async function readDiamondState(
  client: PublicClient,
  { diamond, validatorTimelock, multicallAddress }: ReadDiamondStateParameters,
): Promise<DiamondState> {
  const reads: ContractRead[] = [
    { address: diamond, abi: diamondAbi, functionName: 'getTotalBatchesCommitted' },
    { address: diamond, abi: diamondAbi, functionName: 'getTotalBatchesVerified' },
    { address: diamond, abi: diamondAbi, functionName: 'getTotalBatchesExecuted' },
    { address: diamond, abi: diamondAbi, functionName: 'getSettlementLayer' },
    { address: diamond, abi: diamondAbi, functionName: 'isDiamondStorageFrozen' },
    { address: diamond, abi: diamondAbi, functionName: 'getTotalPriorityTxs' },
    { address: diamond, abi: diamondAbi, functionName: 'getFirstUnprocessedPriorityTx' },
    { address: diamond, abi: diamondAbi, functionName: 'getPriorityQueueSize' },
    ...(validatorTimelock ? [{ address: validatorTimelock, abi: validatorTimelockAbi, functionName: 'executionDelay' }] : []),
  ]

  let head: bigint
  let results: ContractReadResult[]
  if (multicallAddress) {
    const [block, ...rest] = await readContracts(client, {
      multicallAddress,
      contracts: [{ address: multicallAddress, abi: multicall3BlockAbi, functionName: 'getBlockNumber' }, ...reads],
    })
    if (block) throwIfUnanswered([block])
    head = unwrap<bigint>(block, 'Multicall3.getBlockNumber()')
    results = rest
  } else {
    // Started together, so the transport sends them as one JSON-RPC batch.
    ;[head, results] = await Promise.all([getBlockNumber(client, { cacheTime: 0 }), readContracts(client, { contracts: reads })])
  }
  // An RPC that did not answer is an error (with its host), never a getter the diamond lacks.
  throwIfUnanswered(results)

  const [committed, verified, executed, settlementLayer, frozen, total, firstUnprocessed, size, executionDelay] = results
  if (committed?.status !== 'success')
    throw new ZksyncError(`the diamond at ${diamond} did not answer getTotalBatchesCommitted()`, { cause: committed?.error })
  const layer = optional<Address>(settlementLayer)
  const isFrozen = optional<boolean>(frozen)
  const delay = optional<number>(executionDelay)
  const queue = [optional<bigint>(total), optional<bigint>(firstUnprocessed), optional<bigint>(size)] as const
  const priorityQueue = queue.every((value) => value !== undefined) ? { total: queue[0]!, firstUnprocessed: queue[1]!, size: queue[2]! } : undefined
  return {
    head,
    committed: committed.result as bigint,
    verified: unwrap<bigint>(verified, 'diamond getTotalBatchesVerified()'),
    executed: unwrap<bigint>(executed, 'diamond getTotalBatchesExecuted()'),
    ...(layer !== undefined ? { settlementLayer: layer } : {}),
    ...(isFrozen !== undefined ? { frozen: isFrozen } : {}),
    ...(delay !== undefined ? { executionDelay: Number(delay) } : {}),
    ...(priorityQueue ? { priorityQueue } : {}),
  }
}
