import type { L2Heads, Reading } from '../types.js'

/** One endpoint's head batch, under its label (`#2 rpc.example.org/***`). */
export interface EndpointHeads {
  readonly label: string
  readonly heads: L2Heads
}

/**
 * L1-origin blocks two endpoints on the same head may differ by without a lie: within one batch, `latest` can move
 * between the block read and the L1Block eth_calls, and an OP origin moves one L1 block at a time.
 */
export const originToleranceBlocks = 2n

/**
 * The stack values that ride in the head batch (OP Stack's L1 origin, Linea's anchored L1 messages) as every endpoint
 * on the believed head answers them, not only the believed one: the oldest answer is used, so one RPC cannot make a
 * stalled L1 view or stuck deposits look current; answers further apart than a block landing mid-batch are named.
 * A value the believed endpoint failed to read is taken from another endpoint on the same head.
 */
export function crossCheckStackReads(believed: EndpointHeads, others: readonly EndpointHeads[]): { heads: L2Heads; divergent: string[] } {
  const sameHead = [believed, ...others.filter((other) => other.heads.latest.hash === believed.heads.latest.hash)]
  if (sameHead.length < 2) return { heads: believed.heads, divergent: [] }
  const at = `#${believed.heads.latest.number}`
  const divergent: string[] = []
  let heads = believed.heads

  const origins = spread(sameHead, (h) => h.l1Origin, (origin) => origin.number)
  if (origins) {
    const { lowest, highest } = origins
    if (highest.key - lowest.key > originToleranceBlocks)
      divergent.push(`RPCs disagree on the L1 origin at head ${at}: ${highest.label} says L1 block #${highest.key}, ${lowest.label} #${lowest.key} (the older is used)`)
    heads = { ...heads, l1Origin: { ok: true, value: lowest.value } }
  }

  const anchorings = spread(sameHead, (h) => h.l1MessagesAnchored, (anchored) => anchored)
  if (anchorings) {
    const { lowest, highest } = anchorings
    if (highest.key !== lowest.key)
      divergent.push(`RPCs disagree on the anchored L1 messages at head ${at}: ${highest.label} says #${highest.key}, ${lowest.label} #${lowest.key} (the lower is used)`)
    heads = { ...heads, l1MessagesAnchored: { ok: true, value: lowest.value } }
  }
  return { heads, divergent }
}

interface Keyed<T> {
  readonly label: string
  readonly value: T
  readonly key: bigint
}

/** Of the endpoints that read one value, the answers with the lowest and the highest key (undefined: none read it). */
function spread<T>(endpoints: readonly EndpointHeads[], pick: (heads: L2Heads) => Reading<T> | undefined, keyOf: (value: T) => bigint): { lowest: Keyed<T>; highest: Keyed<T> } | undefined {
  const answers = endpoints.flatMap(({ label, heads }): Keyed<T>[] => {
    const reading = pick(heads)
    return reading?.ok ? [{ label, value: reading.value, key: keyOf(reading.value) }] : []
  })
  if (answers.length === 0) return undefined
  return { lowest: answers.reduce((a, b) => (b.key < a.key ? b : a)), highest: answers.reduce((a, b) => (b.key > a.key ? b : a)) }
}
