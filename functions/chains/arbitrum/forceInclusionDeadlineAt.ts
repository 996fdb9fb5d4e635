import type { DelayBufferData, ForceInclusionRule } from './forceInclusionRule.js'

/** DelayBuffer.BASIS: replenishRateInBasis is in 1/10,000ths per elapsed block. */
const basis = 10_000n

const positive = (x: bigint): bigint => (x > 0n ? x : 0n)

/**
 * The buffer as it stands for a message at `l1Block` (nitro-contracts DelayBuffer.calcPendingBuffer): replenished
 * for the blocks elapsed since the last update, depleted by the delay past the threshold (at most the elapsed
 * blocks), never below the threshold nor above the max.
 */
function pendingBuffer(buffer: DelayBufferData, l1Block: bigint): bigint {
  const elapsed = positive(l1Block - buffer.prevBlockNumber)
  const delay = positive(buffer.prevSequencedBlockNumber - buffer.prevBlockNumber)
  const replenished = buffer.bufferBlocks + (elapsed * buffer.replenishRateInBasis) / basis
  let unexpected = positive(delay - buffer.threshold)
  if (unexpected > elapsed) unexpected = elapsed
  if (replenished <= unexpected) return buffer.threshold
  const left = replenished - unexpected
  if (left <= buffer.threshold) return buffer.threshold
  return left > buffer.max ? buffer.max : left
}

/**
 * SequencerInbox.forceInclusionDeadline(l1Block) computed from this tick's maxTimeVariation() and buffer() (pure):
 * `l1Block + min(delayBlocks, pending buffer)` on a delay-bufferable inbox, `l1Block + delayBlocks` otherwise
 * (SequencerInbox.sol forceInclusionDeadline). Used for a block first needed this tick, so the deadline costs no
 * follow-up call; from the next tick on, the inbox's own answer is prefetched in the counters request.
 */
export function forceInclusionDeadlineAt(rule: ForceInclusionRule, l1Block: bigint): bigint {
  if (!rule.bufferData) return l1Block + rule.delayBlocks
  const buffer = pendingBuffer(rule.bufferData, l1Block)
  return l1Block + (buffer < rule.delayBlocks ? buffer : rule.delayBlocks)
}
