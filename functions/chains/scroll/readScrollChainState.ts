import type { Address, PublicClient } from 'viem'
import { getBlock } from 'viem/actions'
import { isRevert } from '../../rpc/isRevert.js'
import { type ContractRead, readContracts } from '../../rpc/readContracts.js'
import { enforcedModeFlagBit, l1MessageQueueV2Abi, multicall3BlockAbi, scrollChainAbi, scrollSystemConfigAbi } from './abis.js'
import type { ScrollContracts } from './discoverScrollContracts.js'
import { ScrollChainError } from './ScrollChainError.js'

export interface ScrollChainState {
  /** L1 head the reads were made at: the log scans run up to it. */
  readonly l1Head: { readonly number: bigint; readonly timestamp: number }
  readonly lastCommittedBatchIndex: bigint
  readonly lastFinalizedBatchIndex: bigint
  /** L1 unix seconds of the last finalization (ScrollChain sets it on every finalize). */
  readonly lastFinalizeTimestamp: number
  readonly enforcedMode: boolean
  /** Undefined when the contract has no `paused()`. */
  readonly paused?: boolean
  /** From SystemConfig `enforcedBatchParameters()`; undefined where SystemConfig is unknown or did not answer. */
  readonly maxDelayEnterEnforcedMode?: number
  readonly maxDelayMessageQueue?: number
  /** Enqueue time of the oldest unfinalized L1 message; undefined when none is pending (or the queue is unknown). */
  readonly firstUnfinalizedMessageAt?: number
  /**
   * L1MessageQueueV2 counters (deposits): messages enqueued and the first unfinalized index; undefined without the
   * queue, `error` when it did not answer.
   */
  readonly messageQueue?: { readonly next: bigint; readonly nextUnfinalized: bigint } | { readonly error: string }
}

export interface ReadScrollChainStateParameters {
  readonly contracts: ScrollContracts
  readonly multicallAddress?: Address
}

type MiscData = readonly [bigint, bigint, number, number, bigint]

/**
 * Everything a tick needs from L1 contracts in one HTTP request: ScrollChain `miscData()` and `paused()`,
 * SystemConfig `enforcedBatchParameters()`, the message queue's oldest unfinalized message, and the L1 head
 * (Multicall3 block getters inside the same eth_call; `eth_getBlockByNumber` in the same JSON-RPC batch
 * without Multicall3).
 */
export async function readScrollChainState(
  client: PublicClient,
  { contracts, multicallAddress }: ReadScrollChainStateParameters,
): Promise<ScrollChainState> {
  const { scrollChain, systemConfig, messageQueueV2 } = contracts
  const reads: ContractRead[] = [
    { address: scrollChain, abi: scrollChainAbi, functionName: 'miscData' },
    { address: scrollChain, abi: scrollChainAbi, functionName: 'paused' },
    ...(systemConfig ? [{ address: systemConfig, abi: scrollSystemConfigAbi, functionName: 'enforcedBatchParameters' } as const] : []),
    ...(messageQueueV2
      ? ([
          { address: messageQueueV2, abi: l1MessageQueueV2Abi, functionName: 'getFirstUnfinalizedMessageEnqueueTime' },
          { address: messageQueueV2, abi: l1MessageQueueV2Abi, functionName: 'nextCrossDomainMessageIndex' },
          { address: messageQueueV2, abi: l1MessageQueueV2Abi, functionName: 'nextUnfinalizedQueueIndex' },
        ] as const)
      : []),
  ]
  const headReads: ContractRead[] = multicallAddress
    ? [
        { address: multicallAddress, abi: multicall3BlockAbi, functionName: 'getBlockNumber' },
        { address: multicallAddress, abi: multicall3BlockAbi, functionName: 'getCurrentBlockTimestamp' },
      ]
    : []
  const [results, block] = await Promise.all([
    readContracts(client, { multicallAddress, contracts: [...reads, ...headReads] }),
    multicallAddress ? undefined : getBlock(client, { blockTag: 'latest' }),
  ])

  let next = 0
  const take = () => results[next++]
  const miscDataResult = take()
  const pausedResult = take()
  const parametersResult = systemConfig ? take() : undefined
  const queueResult = messageQueueV2 ? take() : undefined
  const [nextResult, unfinalizedResult] = messageQueueV2 ? [take(), take()] : []

  if (miscDataResult?.status !== 'success') {
    const error = miscDataResult?.error
    if (error && !isRevert(error)) throw error
    throw new ScrollChainError('ScrollChain.miscData() failed', { details: `at ${scrollChain}`, cause: error })
  }
  const [lastCommittedBatchIndex, lastFinalizedBatchIndex, lastFinalizeTimestamp, flags] = miscDataResult.result as MiscData

  let l1Head: ScrollChainState['l1Head']
  if (block) {
    if (block.number === null) throw new ScrollChainError('the L1 RPC returned a pending block as latest')
    l1Head = { number: block.number, timestamp: Number(block.timestamp) }
  } else {
    const [numberResult, timestampResult] = [take(), take()]
    if (numberResult?.status !== 'success' || timestampResult?.status !== 'success')
      throw new ScrollChainError('Multicall3 block getters failed', { details: `Multicall3 at ${multicallAddress}` })
    l1Head = { number: numberResult.result as bigint, timestamp: Number(timestampResult.result as bigint) }
  }

  const parameters = parametersResult?.status === 'success' ? (parametersResult.result as readonly [number, number]) : undefined
  // The queue answers block.timestamp when nothing is pending: only an older time is a waiting message.
  const firstUnfinalized = queueResult?.status === 'success' ? Number(queueResult.result as bigint) : undefined
  return {
    l1Head,
    lastCommittedBatchIndex,
    lastFinalizedBatchIndex,
    lastFinalizeTimestamp,
    enforcedMode: ((flags >> enforcedModeFlagBit) & 1) === 1,
    ...(pausedResult?.status === 'success' ? { paused: Boolean(pausedResult.result) } : {}),
    ...(parameters ? { maxDelayEnterEnforcedMode: Number(parameters[0]), maxDelayMessageQueue: Number(parameters[1]) } : {}),
    ...(firstUnfinalized !== undefined && firstUnfinalized < l1Head.timestamp ? { firstUnfinalizedMessageAt: firstUnfinalized } : {}),
    ...(messageQueueV2
      ? {
          messageQueue:
            nextResult?.status === 'success' && unfinalizedResult?.status === 'success' && queueResult?.status === 'success'
              ? { next: nextResult.result as bigint, nextUnfinalized: unfinalizedResult.result as bigint }
              : { error: `L1MessageQueueV2 at ${messageQueueV2} did not answer its counters` },
        }
      : {}),
  }
}
