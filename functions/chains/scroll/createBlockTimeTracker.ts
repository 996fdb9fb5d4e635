import type { BlockRef } from '../../types.js'

/** The span the mean is taken over restarts after this long, so the estimate follows the chain's recent pace. */
export const blockTimeSpanSeconds = 3600

export interface BlockTimeTracker {
  /** Mean seconds per block since the first head seen in the current span; undefined until two heads ≥ 2 blocks apart. */
  observe(latest: BlockRef): number | undefined
}

/**
 * Block time from the `latest` heads read tick after tick, for RPCs without a `finalized` tag (the usual source,
 * blockTimeFromHeads): free, and a stall does not skew it since the newest head stops moving too.
 */
export function createBlockTimeTracker(): BlockTimeTracker {
  let start: BlockRef | undefined
  let estimate: number | undefined
  return {
    observe(latest) {
      if (!start || latest.number < start.number) start = latest // first head, or the chain was reset / failover to a lagging node
      const blocks = Number(latest.number - start.number)
      const seconds = latest.timestamp - start.timestamp
      if (blocks >= 2 && seconds > 0) estimate = seconds / blocks
      if (seconds >= blockTimeSpanSeconds) start = latest
      return estimate
    },
  }
}
