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
}

/** Reads that older diamonds (no getSettlementLayer() before the ZK Gateway) or a missing timelock may revert. */
const optional = <T>(result: ContractReadResult | undefined): T | undefined =>
  result?.status === 'success' ? (result.result as T) : undefined

/**
 * Everything the diamond and the timelock report this tick, in one HTTP request: one Multicall3 eth_call that
 * also returns the L1 block number, or (without Multicall3) plain eth_calls plus eth_blockNumber in one
 * JSON-RPC batch. The executionDelay rides along every tick because it costs no extra request.
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

  const [committed, verified, executed, settlementLayer, frozen, executionDelay] = results
  if (committed?.status !== 'success')
    throw new ZksyncError(`the diamond at ${diamond} did not answer getTotalBatchesCommitted()`, { cause: committed?.error })
  const layer = optional<Address>(settlementLayer)
  const isFrozen = optional<boolean>(frozen)
  const delay = optional<number>(executionDelay)
  return {
    head,
    committed: committed.result as bigint,
    verified: unwrap<bigint>(verified, 'diamond getTotalBatchesVerified()'),
    executed: unwrap<bigint>(executed, 'diamond getTotalBatchesExecuted()'),
    ...(layer !== undefined ? { settlementLayer: layer } : {}),
    ...(isFrozen !== undefined ? { frozen: isFrozen } : {}),
    ...(delay !== undefined ? { executionDelay: Number(delay) } : {}),
  }
}
