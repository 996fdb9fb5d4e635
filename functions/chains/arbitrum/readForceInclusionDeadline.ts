import type { Address, PublicClient } from 'viem'
import { isRevert } from '../../rpc/isRevert.js'
import { type ContractReadResult, readContracts } from '../../rpc/readContracts.js'
import { sequencerInboxAbi } from './abis.js'

export interface ReadForceInclusionDeadlineParameters {
  readonly sequencerInbox: Address
  readonly l1Block: bigint
  /** The same call made in this tick's counters request, for the block it asked about. */
  readonly prefetched?: { readonly l1Block: bigint; readonly result: ContractReadResult | undefined }
  /** Blocks a message waits by the inbox's own rule: the fallback where forceInclusionDeadline() is missing. */
  readonly windowBlocks?: bigint
  readonly multicallAddress?: Address
}

/**
 * SequencerInbox.forceInclusionDeadline(l1Block): the L1 block after which a delayed message delivered at `l1Block`
 * can be force-included (the inbox applies the pending delay-buffer depletion). Taken from the counters request
 * when it asked for that block; a revert means an inbox without the function (`l1Block + windowBlocks` then); an
 * RPC that did not answer throws.
 */
export async function readForceInclusionDeadline(
  client: PublicClient,
  { sequencerInbox, l1Block, prefetched, windowBlocks, multicallAddress }: ReadForceInclusionDeadlineParameters,
): Promise<bigint | undefined> {
  const [result] =
    prefetched?.l1Block === l1Block && prefetched.result
      ? [prefetched.result]
      : await readContracts(client, {
          contracts: [{ address: sequencerInbox, abi: sequencerInboxAbi, functionName: 'forceInclusionDeadline', args: [l1Block] }],
          multicallAddress,
        })
  if (result?.status === 'success') return result.result as bigint
  if (result && !isRevert(result.error)) throw result.error
  return windowBlocks === undefined ? undefined : l1Block + windowBlocks
}
