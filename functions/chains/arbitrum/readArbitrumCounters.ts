import type { Address, PublicClient } from 'viem'
import { getBlockNumber } from 'viem/actions'
import { type ContractRead, type ContractReadResult, readContracts } from '../../rpc/readContracts.js'
import { boldRollupAbi, bridgeAbi, sequencerInboxAbi } from './abis.js'
import type { ArbitrumContracts } from './discoverArbitrumContracts.js'
import type { AssertionProbe } from './readAssertions.js'

export interface ReadArbitrumCountersParameters {
  readonly contracts: ArbitrumContracts
  readonly multicallAddress?: Address | undefined
  /** L1 blocks whose forceInclusionDeadline() the last tick needed (newest batch, oldest unread message). */
  readonly deadlineReferences: readonly bigint[]
  /** getAssertion() reads that tell whether a new assertion may be there (assertionProbes). */
  readonly probes: readonly AssertionProbe[]
}

/** One tick's counters, each call's result as the request returned it (a failure is the caller's to judge). */
export interface ArbitrumCounters {
  /** The L1 head they were read at; the log scans run up to it. */
  readonly head: bigint
  readonly batchCount: ContractReadResult | undefined
  readonly timeVariation: ContractReadResult | undefined
  readonly delayedRead: ContractReadResult | undefined
  readonly confirmPeriod: ContractReadResult | undefined
  readonly latestConfirmed: ContractReadResult | undefined
  readonly bufferable: ContractReadResult | undefined
  readonly bufferData: ContractReadResult | undefined
  /** Bridge.delayedMessageCount(); undefined without a Bridge. */
  readonly delayedCount: ContractReadResult | undefined
  /** forceInclusionDeadline() answers by the block asked about. */
  readonly deadlines: ReadonlyMap<bigint, ContractReadResult>
  /** The probes' child blocks, in order; undefined without probes or when one failed (then scan). */
  readonly childBlocks: readonly bigint[] | undefined
}

function childBlocksOf(probes: readonly AssertionProbe[], results: readonly (ContractReadResult | undefined)[]): bigint[] | undefined {
  if (probes.length === 0) return undefined
  const blocks: bigint[] = []
  for (const [i, probe] of probes.entries()) {
    const result = results[i]
    if (result?.status !== 'success') return undefined
    blocks.push(BigInt((result.result as Record<string, bigint | number>)[probe.field] ?? 0))
  }
  return blocks
}

/**
 * Everything a steady Arbitrum tick needs from L1 in one HTTP request: the SequencerInbox, Rollup and Bridge
 * counters, the force-inclusion rule (maxTimeVariation, delay buffer), the deadlines the last tick needed, the
 * assertion probes, and the L1 head (eth_blockNumber in the same JSON-RPC batch as the Multicall3 call).
 */
export async function readArbitrumCounters(
  client: PublicClient,
  { contracts, multicallAddress, deadlineReferences, probes }: ReadArbitrumCountersParameters,
): Promise<ArbitrumCounters> {
  const { rollup, sequencerInbox, bridge, legacy } = contracts
  const inbox = (functionName: string, args?: readonly unknown[]): ContractRead =>
    ({ address: sequencerInbox, abi: sequencerInboxAbi, functionName, ...(args ? { args } : {}) }) as ContractRead
  const fixed: ContractRead[] = [
    inbox('batchCount'),
    inbox('maxTimeVariation'),
    inbox('totalDelayedMessagesRead'),
    { address: rollup, abi: boldRollupAbi, functionName: 'confirmPeriodBlocks' },
    // Read on a pre-BoLD rollup too (same selector, a node number there), but only used on a BoLD one.
    { address: rollup, abi: boldRollupAbi, functionName: 'latestConfirmed' },
    // Older inboxes have neither (a revert then); their force inclusion waits delayBlocks.
    inbox('isDelayBufferable'),
    inbox('buffer'),
    ...(bridge ? [{ address: bridge, abi: bridgeAbi, functionName: 'delayedMessageCount' } as const] : []),
  ]
  const deadlineReads = deadlineReferences.map((l1Block) => inbox('forceInclusionDeadline', [l1Block]))
  const probeReads: ContractRead[] = (legacy ? [] : probes).map((probe) => ({ address: rollup, abi: boldRollupAbi, functionName: 'getAssertion', args: [probe.assertionHash] }))
  const [results, head] = await Promise.all([
    readContracts(client, { contracts: [...fixed, ...deadlineReads, ...probeReads], multicallAddress }),
    getBlockNumber(client),
  ])
  const [batchCount, timeVariation, delayedRead, confirmPeriod, latestConfirmed, bufferable, bufferData] = results
  const delayedCount = bridge ? results[7] : undefined
  const deadlineResults = results.slice(fixed.length, fixed.length + deadlineReads.length)
  return {
    head,
    batchCount,
    timeVariation,
    delayedRead,
    confirmPeriod,
    latestConfirmed,
    bufferable,
    bufferData,
    delayedCount,
    deadlines: new Map(deadlineReferences.map((l1Block, i) => [l1Block, deadlineResults[i]!] as const)),
    childBlocks: legacy ? undefined : childBlocksOf(probes, results.slice(fixed.length + deadlineReads.length)),
  }
}
