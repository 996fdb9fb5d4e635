// The L2 of a replay: an anvil node that mines only when told, behind one loopback proxy per RPC. Time is sampled:
// at each tick the L2 gets the blocks just before it (all of them when few are due, else a run of consecutive
// blocks ending at the tick), so head age, block time and safe lag read true without mining a week.
import { type Hex, toHex } from 'viem'
import { type Anvil, latestBlock, mineSpaced } from '../../test/devnet/anvil.js'
import type { ResultRewrite, RpcProxy } from '../../test/devnet/rpcProxy.js'
import type { createJitter } from './createJitter.js'

/** A backfill after a halt releases at most this many blocks (OP Stack backfills evenly spaced blocks). */
const maxBackfill = 3000
/** How far ahead an `rpc-future` endpoint stamps its heads. */
const futureSeconds = 600

/** What one L2 RPC endpoint shows: healthy (empty), stuck on an old head, down (HTTP 503), or stamping heads ahead. */
export interface EndpointState {
  stuckAt?: { latest: bigint; safe: bigint }
  down?: boolean
  future?: boolean
}

export interface SampledL2 {
  readonly node: Anvil
  readonly proxies: readonly RpcProxy[]
  /** The newest L2 block. */
  readonly head: { number: number; timestamp: number }
  /** The block the proxies answer `safe` with: the last batch's (or the node's own, with ownSafeLag). */
  readonly safeBlock: bigint
  readonly halted: boolean
  /** `count` blocks `interval` s apart, the first at `first` (the stack's beforeMine runs first). */
  mine(count: number, first: number, interval?: number): Promise<void>
  /** Unless halted: the blocks due by `t`, at most `most` consecutive ones ending at the tick (default the sampled run). */
  advance(t: number, most?: number): Promise<void>
  /** A batch covered the chain up to its head: that block becomes `safe`. */
  markSafe(): void
  halt(): void
  /** The next block at `t`; with `backfill`, the halted stretch comes back as evenly timestamped blocks. */
  resume(t: number, backfill: boolean): Promise<void>
  /** The newest `depth` blocks replaced by others at the same heights (other timestamps, other hashes). */
  reorg(depth: number, belowSafe: boolean): Promise<void>
  setEndpoint(index: number, state: EndpointState): void
  /** The endpoints' tags and rewrites, as their states and the safe head say: call before each tick. */
  applyEndpoints(): void
}

export interface SampledL2Options {
  readonly blockTime: number
  /** Consecutive blocks per tick (replaySampling). */
  readonly sampledBlocks: number
  readonly jitter: ReturnType<typeof createJitter>
  /** Before blocks are mined (e.g. the L1 origin a healthy sequencer builds on). */
  readonly beforeMine?: () => Promise<void>
  /** Puts the transactions of the newest block of each mined run into the node's pool. */
  readonly fillNewest?: () => Promise<void>
  /** Every endpoint's own rewrite of results (e.g. Nitro's fields on blocks), under the rpc-future stamps. */
  readonly rewriteResults?: ResultRewrite
  /**
   * A chain without batches: `safe` is the node's own (anvil: latest − this many blocks, its --slots-in-an-epoch),
   * not frozen at a batch's block.
   */
  readonly ownSafeLag?: number
}

export async function createSampledL2(node: Anvil, proxies: readonly RpcProxy[], options: SampledL2Options): Promise<SampledL2> {
  const { blockTime, sampledBlocks, jitter } = options
  const endpoints: EndpointState[] = proxies.map(() => ({}))
  let head = await latestBlock(node)
  let halted = false
  let safeBlock = 0n

  /** The head's slot on the virtual clock: its timestamp, unless blocks come faster than one a second. */
  let headSlot = head.timestamp
  const mineBlocks = async (count: number, first: number, interval: number) => {
    if (count <= 0) return
    if (Number.isInteger(first) && Number.isInteger(interval)) await mineSpaced(node, count, first, interval)
    else
      // Sub-second blocks (Arbitrum's 250 ms): timestamps are whole seconds, so several blocks share one, as on the
      // real chain (interval mode cannot give two blocks one timestamp). One evm_mine per block, exact.
      for (let i = 0; i < count; i++) await node.rpc('evm_mine', [Math.floor(first + i * interval)])
  }
  const mine = async (count: number, first: number, interval = blockTime) => {
    if (count <= 0) return
    await options.beforeMine?.()
    if (options.fillNewest) {
      // Only the newest block of a run carries transactions: it is the one a tick reads (throughput).
      await mineBlocks(count - 1, first, interval)
      await options.fillNewest()
      await mineBlocks(1, first + (count - 1) * interval, interval)
    } else await mineBlocks(count, first, interval)
    head = await latestBlock(node)
    headSlot = Math.max(head.timestamp, first + (count - 1) * interval)
  }

  const base = options.rewriteResults
  const future: ResultRewrite = (call, result, error) => {
    const rewritten = base?.(call, result, error)
    const answer = rewritten ? rewritten.result : result
    if (call.method !== 'eth_getBlockByNumber' || !answer || typeof answer !== 'object') return rewritten
    const block = answer as { timestamp: Hex }
    return { result: { ...block, timestamp: toHex(BigInt(block.timestamp) + BigInt(futureSeconds)) } }
  }

  return {
    node,
    proxies,
    get head() {
      return head
    },
    get safeBlock() {
      return options.ownSafeLag === undefined ? safeBlock : BigInt(Math.max(0, head.number - options.ownSafeLag))
    },
    get halted() {
      return halted
    },
    mine,
    async advance(t, most = sampledBlocks) {
      if (halted) return
      // A missed slot now and then (block-time jitter): the head is one block older at this tick.
      const last = Math.floor((t - jitter.skip(0.05) * blockTime - headSlot) / blockTime)
      if (last <= 0) return
      const count = Math.min(last, most)
      await mine(count, headSlot + (last - count + 1) * blockTime)
    },
    markSafe() {
      safeBlock = BigInt(head.number)
    },
    halt() {
      halted = true
    },
    async resume(t, backfill) {
      halted = false
      const due = Math.floor((t - headSlot) / blockTime)
      if (!backfill) return mine(1, t)
      const count = Math.min(due, maxBackfill)
      await mine(count, t - (count - 1) * blockTime)
    },
    async reorg(requested, belowSafe) {
      const depth = Math.min(requested, head.number)
      const forkTime = (await node.rpc<{ timestamp: Hex }>('eth_getBlockByNumber', [toHex(head.number - depth), false])).timestamp
      await node.rpc('anvil_rollback', [depth])
      if (!belowSafe && safeBlock > BigInt(head.number - depth)) safeBlock = BigInt(head.number - depth)
      const first = Number(forkTime) + 1
      await mine(depth, first, Math.max(1, Math.floor((head.timestamp - first) / depth)))
    },
    setEndpoint(index, state) {
      endpoints[index] = state
    },
    applyEndpoints() {
      proxies.forEach((proxy, i) => {
        const state = endpoints[i]!
        proxy.setDown(state.down ? '503' : false)
        proxy.freezeTag('latest', state.stuckAt ? state.stuckAt.latest : null)
        proxy.freezeTag('safe', state.stuckAt ? state.stuckAt.safe : options.ownSafeLag === undefined ? safeBlock : null)
        proxy.freezeTag('finalized', state.stuckAt ? state.stuckAt.safe : null)
        proxy.rewriteResults(state.future ? future : (base ?? null))
      })
    },
  }
}
