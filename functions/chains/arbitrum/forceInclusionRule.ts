import type { ContractReadResult } from '../../rpc/readContracts.js'

/** SequencerInbox.buffer() (nitro-contracts DelayBufferTypes.BufferData), as read this tick. */
export interface DelayBufferData {
  readonly bufferBlocks: bigint
  readonly max: bigint
  readonly threshold: bigint
  readonly prevBlockNumber: bigint
  readonly replenishRateInBasis: bigint
  readonly prevSequencedBlockNumber: bigint
}

export interface ForceInclusionRule {
  /** maxTimeVariation().delayBlocks. */
  readonly delayBlocks: bigint
  /** buffer() of a delay-bufferable inbox; undefined on an inbox without the delay buffer. */
  readonly delayBuffer?: { readonly bufferBlocks: number; readonly max: number; readonly threshold: number }
  /** The whole buffer() answer: forceInclusionDeadlineAt applies its pending depletion / replenishment. */
  readonly bufferData?: DelayBufferData
  /** L1 blocks a delayed message waits now: min(delayBlocks, bufferBlocks), or delayBlocks without a buffer. */
  readonly windowBlocks: bigint
}

/**
 * The SequencerInbox's force-inclusion rule from this tick's reads (pure). Since BoLD it counts L1 blocks,
 * min(delayBlocks, bufferBlocks); maxTimeVariation().delaySeconds is not the rule. Older inboxes answer neither
 * isDelayBufferable() nor buffer(): delayBlocks alone. Undefined when maxTimeVariation() failed.
 */
export function forceInclusionRule(
  timeVariation: ContractReadResult | undefined,
  bufferable: ContractReadResult | undefined,
  bufferData: ContractReadResult | undefined,
): ForceInclusionRule | undefined {
  if (timeVariation?.status !== 'success') return undefined
  const delayBlocks = (timeVariation.result as readonly bigint[])[0]!
  const values = bufferable?.status === 'success' && bufferable.result === true && bufferData?.status === 'success' ? (bufferData.result as readonly bigint[]) : undefined
  if (!values) return { delayBlocks, windowBlocks: delayBlocks }
  const [bufferBlocks, max, threshold, prevBlockNumber, replenishRateInBasis, prevSequencedBlockNumber] = values as [bigint, bigint, bigint, bigint, bigint, bigint]
  return {
    delayBlocks,
    delayBuffer: { bufferBlocks: Number(bufferBlocks), max: Number(max), threshold: Number(threshold) },
    bufferData: { bufferBlocks, max, threshold, prevBlockNumber, replenishRateInBasis, prevSequencedBlockNumber },
    windowBlocks: bufferBlocks < delayBlocks ? bufferBlocks : delayBlocks,
  }
}
