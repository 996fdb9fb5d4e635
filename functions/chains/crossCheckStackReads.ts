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

  const origins = answered(sameHead, (h) => h.l1Origin)
  if (origins.length > 0) {
    const oldest = origins.reduce((a, b) => (b.value.number < a.value.number ? b : a))
    const newest = origins.reduce((a, b) => (b.value.number > a.value.number ? b : a))
    if (newest.value.number - oldest.value.number > originToleranceBlocks)
      divergent.push(`RPCs disagree on the L1 origin at head ${at}: ${newest.label} says L1 block #${newest.value.number}, ${oldest.label} #${oldest.value.number} (the older is used)`)
    if (heads.l1Origin?.ok !== true || heads.l1Origin.value !== oldest.value) heads = { ...heads, l1Origin: { ok: true, value: oldest.value } }
  }

  const anchorings = answered(sameHead, (h) => h.l1MessagesAnchored)
  if (anchorings.length > 0) {
    const lowest = anchorings.reduce((a, b) => (b.value < a.value ? b : a))
    const highest = anchorings.reduce((a, b) => (b.value > a.value ? b : a))
    if (highest.value !== lowest.value)
      divergent.push(`RPCs disagree on the anchored L1 messages at head ${at}: ${highest.label} says #${highest.value}, ${lowest.label} #${lowest.value} (the lower is used)`)
    if (heads.l1MessagesAnchored?.ok !== true || heads.l1MessagesAnchored.value !== lowest.value)
      heads = { ...heads, l1MessagesAnchored: { ok: true, value: lowest.value } }
  }
  return { heads, divergent }
}

function answered<T>(endpoints: readonly EndpointHeads[], pick: (heads: L2Heads) => Reading<T> | undefined): { label: string; value: T }[] {
  return endpoints.flatMap(({ label, heads }) => {
    const reading = pick(heads)
    return reading?.ok ? [{ label, value: reading.value }] : []
  })
}
