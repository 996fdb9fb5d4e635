/** A batch a stack posted on L1: its number (1, 2, …), L1 time and the L2 head it carried. */
export interface PostedBatch {
  readonly index: number
  readonly at: number
  readonly block: number
  readonly l2Time: number
  /** L2 time of the first block it carries (the block after the previous batch's). */
  readonly fromL2Time: number
}

export interface BatchLedger {
  /** Whether the L2 head moved past the last batch's: a batch carries new blocks, so a halted chain posts none. */
  hasNew(head: { number: number }): boolean
  /** Records the next batch, posted at `at` with the L2 head up to `head`. */
  post(at: number, head: { number: number; timestamp: number }): PostedBatch
  /**
   * The newest batch whose blocks began at least `lag` s before `at` (and below `before`, a batch no proof verifies)
   * that no root covers yet: a root proves what was posted a while ago. Counted from a batch's first block, so a
   * batch standing for several (the replay posts only the last batch before a sparse tick) is proven on time. It and
   * those before it count as proven from now. The first root proves what is there at once: the timeline starts on
   * a chain whose history is proven.
   */
  prove(at: number, lag: number, before?: number): PostedBatch | undefined
  /** The newest batch a root covers. */
  readonly proven: PostedBatch | undefined
  /** Batches in order, the oldest first. */
  readonly batches: readonly PostedBatch[]
}

/**
 * The batches of a ZK stack (ZKsync commits, Scroll batches, Linea data submissions) for its roots: ZK roots prove
 * batches posted earlier (proving takes time), so a root covers an older block than the safe head.
 */
export function createBatchLedger(): BatchLedger {
  const batches: PostedBatch[] = []
  let provenCount = 0
  return {
    hasNew: (head) => head.number > (batches.at(-1)?.block ?? -1),
    post(at, head) {
      const previous = batches.at(-1)
      const batch = { index: batches.length + 1, at, block: head.number, l2Time: head.timestamp, fromL2Time: previous?.l2Time ?? head.timestamp }
      batches.push(batch)
      return batch
    },
    prove(at, lag, before = Infinity) {
      const oldEnough = at - (provenCount === 0 ? 0 : lag)
      let newest = provenCount
      while (newest < batches.length && batches[newest]!.fromL2Time <= oldEnough && batches[newest]!.index < before) newest++
      if (newest === provenCount) return undefined
      provenCount = newest
      return batches[newest - 1]
    },
    get proven() {
      return provenCount > 0 ? batches[provenCount - 1] : undefined
    },
    batches,
  }
}
