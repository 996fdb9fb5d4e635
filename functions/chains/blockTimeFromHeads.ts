import type { BlockRef, ChainParameters, L2Heads } from '../types.js'

function secondsPerBlock(older: BlockRef | undefined, newer: BlockRef | undefined): number | undefined {
  if (!older || !newer || newer.number - older.number < 2n) return undefined
  const seconds = newer.timestamp - older.timestamp
  return seconds > 0 ? seconds / Number(newer.number - older.number) : undefined
}

/**
 * Block time from the tagged heads read every tick anyway (no extra request): the smaller of the means over
 * finalized→safe and safe→latest. A halt inflates the mean of any window spanning it, never deflates it, so
 * the smaller window estimate recovers as soon as blocks flow again instead of stretching the liveness threshold.
 */
export function blockTimeFromHeads(heads: L2Heads): Pick<ChainParameters, 'blockTimeSeconds'> {
  const estimates = [secondsPerBlock(heads.safe, heads.latest), secondsPerBlock(heads.finalized, heads.safe), secondsPerBlock(heads.finalized ?? heads.safe, heads.latest)]
    .filter((value): value is number => value !== undefined)
  return estimates.length > 0 ? { blockTimeSeconds: Math.min(...estimates) } : {}
}
