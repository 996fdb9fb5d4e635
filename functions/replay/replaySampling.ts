/**
 * How many consecutive L2 blocks each tick mines, and anvil's `--slots-in-an-epoch` N for the L2 node.
 * N makes `finalized` = latest − 2N; a run of 2N + 2 consecutive blocks keeps `finalized` inside it, so the block
 * time read from the heads is true (`safe` is the proxies' own: the last batch's block). N grows with the deepest
 * reorg of the scenario, so a reorg never reaches anvil's `finalized` (on a real chain it trails by many minutes):
 * N = 1 (runs of 4 blocks: the mining is the cost) unless deeper, or unless blocks come faster than one a second:
 * then latest − finalized spans at least a whole second of timestamps (Arbitrum's 250 ms blocks: N = 2).
 */
export function replaySampling(maxReorgDepth: number, blockTime = 1): { slotsInAnEpoch: number; sampledBlocks: number } {
  const slotsInAnEpoch = Math.max(1, Math.ceil((maxReorgDepth + 1) / 2), Math.ceil(1 / (2 * blockTime)))
  return { slotsInAnEpoch, sampledBlocks: 2 * slotsInAnEpoch + 2 }
}
