import { isRevert } from '../../rpc/isRevert.js'
import type { ContractReadResult } from '../../rpc/readContracts.js'
import { forceInclusionDeadlineAt } from './forceInclusionDeadlineAt.js'
import type { ForceInclusionRule } from './forceInclusionRule.js'

export interface ResolveForceInclusionDeadlineParameters {
  /** forceInclusionDeadline(l1Block) answers of this tick's counters request, by the block asked about. */
  readonly prefetched: ReadonlyMap<bigint, ContractReadResult>
  /** This tick's force-inclusion rule; undefined when maxTimeVariation() failed. */
  readonly rule: ForceInclusionRule | undefined
}

/**
 * SequencerInbox.forceInclusionDeadline(l1Block) without a request of its own (pure): the counters request's
 * answer when it asked about that block (the block last tick needed), else the inbox's rule applied to this tick's
 * maxTimeVariation() and buffer(). A revert means an inbox without the function: its rule (delayBlocks) then. An
 * RPC that did not answer throws; undefined only without a rule.
 */
export function resolveForceInclusionDeadline(l1Block: bigint, { prefetched, rule }: ResolveForceInclusionDeadlineParameters): bigint | undefined {
  const answer = prefetched.get(l1Block)
  if (answer?.status === 'success') return answer.result as bigint
  if (answer && !isRevert(answer.error)) throw answer.error
  return rule ? forceInclusionDeadlineAt(rule, l1Block) : undefined
}
