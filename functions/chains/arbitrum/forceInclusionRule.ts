import type { ContractReadResult } from '../../rpc/readContracts.js'

export interface ForceInclusionRule {
  /** maxTimeVariation().delayBlocks. */
  readonly delayBlocks: bigint
  /** buffer() of a delay-bufferable inbox; undefined on an inbox without the delay buffer. */
  readonly delayBuffer?: { readonly bufferBlocks: number; readonly max: number; readonly threshold: number }
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
  const delayBuffer = { bufferBlocks: Number(values[0]), max: Number(values[1]), threshold: Number(values[2]) }
  return { delayBlocks, delayBuffer, windowBlocks: values[0]! < delayBlocks ? values[0]! : delayBlocks }
}
