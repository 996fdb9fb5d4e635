import type { L2Heads, ReorgFinding } from '../types.js'

/** One block seen before, by height (numbers stay far below 2^53 on every chain). */
export interface SeenBlock {
  readonly number: number
  readonly hash: string
  /** Latest only: its parent's hash, so a replaced head whose parent is unchanged is known to be 1 block deep. */
  readonly parentHash?: string
}

/** The newest latest / safe / finalized heads seen, kept in the head memory (HEAD / <chain>). */
export interface SeenHeads {
  readonly latest: SeenBlock
  readonly safe?: SeenBlock
  readonly finalized?: SeenBlock
}

export interface HistoryComparison {
  /** Heights compared (0 when nothing was seen before or nothing was re-read). */
  readonly compared: number
  readonly finding?: Omit<ReorgFinding, 'at'>
  /** A re-read failed for another reason than "no such block". */
  readonly error?: string
}

/** The heights the next head batch re-reads: the latest, safe and finalized heads seen. */
export function recheckHeights(seen: SeenHeads | undefined): bigint[] {
  if (!seen) return []
  const heights = [seen.latest, seen.safe, seen.finalized].filter((block): block is SeenBlock => block !== undefined).map((block) => block.number)
  return [...new Set(heights)].map(BigInt)
}

const short = (hash: string | null | undefined) => (hash ? `${hash.slice(0, 10)}…` : 'none')

/**
 * What the chain has now at the heights seen before (pure): a finalized block replaced, a safe block replaced,
 * the head block replaced (depth 1 when its parent is unchanged), or a head that went back, told apart as a
 * stale backend (the blocks seen are still there) or a reorg to a shorter chain (the block seen is gone).
 */
export function compareHistory(seen: SeenHeads | undefined, heads: L2Heads): HistoryComparison {
  if (!seen) return { compared: 0 }
  const rechecked = new Map((heads.rechecked ?? []).map((block) => [Number(block.number), block]))
  const failed = [...rechecked.values()].find((block) => block.error !== undefined)
  const current = (number: number): { hash: string | null; parentHash?: string } | undefined => {
    for (const tagged of [heads.latest, heads.safe, heads.finalized]) if (tagged && Number(tagged.number) === number) return tagged
    const block = rechecked.get(number)
    return block && block.error === undefined ? block : undefined
  }
  const head = Number(heads.latest.number)
  const compared = new Set([seen.latest, seen.safe, seen.finalized].filter((b) => b && current(b.number)).map((b) => b!.number)).size
  // A block that is missing only because this RPC's head is below it says nothing about the chain.
  const replaced = (block: SeenBlock | undefined) => {
    if (!block) return false
    const now = current(block.number)
    return now !== undefined && now.hash !== block.hash && !(now.hash === null && head < block.number)
  }

  for (const [kind, block] of [['finalized', seen.finalized], ['safe', seen.safe]] as const) {
    if (!replaced(block)) continue
    const now = current(block!.number)!
    const depth = Math.max(1, seen.latest.number - block!.number + 1)
    const label = kind === 'finalized' ? 'finalized history changed' : 'reorg below the safe head'
    return {
      compared,
      finding: {
        kind,
        depth,
        exact: false,
        height: block!.number,
        detail: `${label}: block #${block!.number} (${kind} when seen) was ${short(block!.hash)}, is now ${short(now.hash)}`,
      },
    }
  }

  const latest = seen.latest
  const now = current(latest.number)
  if (now === undefined) return failed ? { compared, error: `cannot re-read block #${latest.number}: ${failed.error}` } : { compared }
  // The head went back: the chain seen intact (still there, or the head is its parent) is a stale backend.
  const wentBack = (kind: 'stale-backend' | 'shorter-chain', why: string): HistoryComparison => ({
    compared,
    finding: { kind, depth: latest.number - head, exact: kind === 'stale-backend', height: latest.number, detail: `the head went back from #${latest.number} to #${head}${why}` },
  })
  if (now.hash === latest.hash)
    return head >= latest.number ? { compared } : wentBack('stale-backend', ` but #${latest.number} still has the hash seen: looks like a stale backend, not a reorg`)
  if (now.hash === null) {
    if (latest.parentHash !== undefined && head === latest.number - 1 && heads.latest.hash === latest.parentHash)
      return wentBack('stale-backend', ', the parent seen: looks like a stale backend, not a reorg')
    return wentBack('shorter-chain', ` and #${latest.number} is gone: a reorg to a shorter chain, or a stale backend`)
  }
  // The block seen at this height was replaced, above every safe block seen.
  const exact = latest.parentHash !== undefined && now.parentHash === latest.parentHash
  const floor = seen.safe && !replaced(seen.safe) && seen.safe.number < latest.number ? seen.safe.number : undefined
  const range = exact ? '1 block deep' : floor !== undefined ? `2–${latest.number - floor} blocks deep (#${floor} unchanged)` : 'at least 2 blocks deep'
  return {
    compared,
    finding: {
      kind: 'unsafe',
      depth: exact ? 1 : 2,
      exact,
      height: latest.number,
      detail: `unsafe reorg ${range}: block #${latest.number} was ${short(latest.hash)}, is now ${short(now.hash)}`,
    },
  }
}
