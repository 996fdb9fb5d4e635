import type { ChainParameters, L2Heads } from '../types.js'

/**
 * Mean block time between the oldest tagged head (`finalized`, else `safe`) and `latest`: free, since those
 * blocks are read every tick anyway, and unaffected by a stall (both ends stop together).
 */
export function blockTimeFromHeads(heads: L2Heads): Pick<ChainParameters, 'blockTimeSeconds'> {
  const older = heads.finalized ?? heads.safe
  if (!older || heads.latest.number - older.number < 2n) return {}
  const seconds = heads.latest.timestamp - older.timestamp
  if (seconds <= 0) return {}
  return { blockTimeSeconds: seconds / Number(heads.latest.number - older.number) }
}
