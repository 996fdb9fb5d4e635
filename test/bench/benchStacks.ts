// Benchmark of every stack: HTTP requests per chain per tick (L1 / L2, cold and steady) and tick wall time.
//
// For each stack an anvil L1 (with that stack's solc-compiled devnet contracts and a seeded history) and an anvil
// L2, each behind a counting RPC proxy, and a runtime built as the CLI builds it (createRuntime, embedded store, no
// notifiers) whose config points at the proxies. Between ticks the chains stay alive under a controlled clock:
// the L2 mines 12 s of 2 s blocks, the L1 gets one block, and every few ticks the operator posts a batch and/or a
// state root (a "root") on L1, so the log scans have new blocks, and sometimes a new log, to cover every tick, as
// in production. Steady-state ticks follow a cold tick and a few warm-up ticks of the same runtime.
// Anvil puts `blockTimestamp` on logs; `l1LogTimestamps: false` (CLI: --no-log-timestamps) strips it, as an L1 RPC
// without it answers, so each new log also costs an L1 block read.
//
// Used by `npm run bench` (test/bench/bench.ts); on its own: `npx tsx test/bench/benchStacks.ts [--stack=arbitrum,zksync]`.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { validateConfig } from '../../functions/config/parseConfig.js'
import type { StackName, WatchtowerConfigInput } from '../../functions/config/schema.js'
import { createRuntime, type Runtime } from '../../functions/runtime/createRuntime.js'
import { runTick, type TickResult } from '../../functions/tick.js'
import { type Status, worstStatus } from '../../functions/types.js'
import { type Anvil, latestBlock, mineBlocks, type StartAnvilOptions, startAnvil } from '../devnet/anvil.js'
import { deployArbitrum, l2BlockHash } from '../devnet/arbitrumDevnet.js'
import { deployL2MessageService, deployLinea } from '../devnet/lineaDevnet.js'
import { deployOpStack, followL1Head, installL1Block } from '../devnet/opStackDevnet.js'
import { type ResultRewrite, type RpcProxy, startRpcProxy } from '../devnet/rpcProxy.js'
import { deployScroll } from '../devnet/scrollDevnet.js'
import { deployZksync, devnetExecutionDelay, seedBatchHistory, serveBatchDetails } from '../devnet/zksyncDevnet.js'

/** Target: HTTP requests per chain per steady-state tick, L1 + L2 together (the issue's figure, every stack). */
export const STACK_TARGET = 4
/** Ticks after the cold one before measuring (caches settle, first cursors written). */
const WARMUP_TICKS = 2
/** Steady-state ticks measured per stack. */
const STEADY_TICKS = 10
/** Seconds of chain time between ticks: 6 L2 blocks of 2 s, one L1 block. */
const TICK_SECONDS = 12
const L2_BLOCK_SECONDS = 2
/** A batch is posted on L1 every BATCH_EVERY ticks, a state root every ROOT_EVERY (both on tick 12). */
const BATCH_EVERY = 3
const ROOT_EVERY = 4
/** A tick in which a new root lands may cost this many more requests than a quiet tick (verifying the root). */
const ROOT_TICK_EXTRA_TARGET = 2

// The AWS SDK (DynamoDB client of the embedded store) warns about Node 20 at client construction.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

type Methods = Record<string, number>

export interface StackBenchRow {
  readonly stack: StackName
  /** HTTP requests on the cold tick (a fresh runtime: discovery, Multicall3 probe, first log scans). */
  readonly coldL1: number
  readonly coldL2: number
  /** Mean HTTP requests per steady tick. */
  readonly steadyL1: number
  readonly steadyL2: number
  readonly steadyTotalMean: number
  /** Worst single steady tick, L1 + L2. */
  readonly steadyTotalMax: number
  readonly target: typeof STACK_TARGET
  /** The checks judged on every tick (verdict names of the cold tick), so a new check's cost is visible. */
  readonly checks: readonly string[]
  /** Strict: every steady tick within the target, not just the mean. */
  readonly pass: boolean
  /** Median runTick wall time over the steady ticks (loopback nodes, dynalite in-process). */
  readonly medianTickMs: number
  // Diagnostics (not part of the target): what the figures rest on.
  readonly steadyTicks: number
  /** Verdicts per tick and the worst status seen on any tick (all ok on a healthy devnet). */
  readonly verdicts: number
  readonly worst: Status
  /** Whether the L1 node's logs carried blockTimestamp (see BenchStacksOptions.l1LogTimestamps). */
  readonly l1LogTimestamps: boolean
  /** Widest L1 eth_getLogs call in blocks (toBlock − fromBlock + 1): cold tick, and any steady tick (incremental: the blocks since the scan last ran). */
  readonly logSpan: { readonly cold: number; readonly steadyMax: number }
  /**
   * A steady tick in which a new state root landed (nothing else posted) against a quiet one (nothing posted):
   * the busiest of each, L1 + L2. Target (issue 11): at most ROOT_TICK_EXTRA_TARGET more. Undefined without both.
   */
  readonly rootTick?: { readonly requests: number; readonly quiet: number; readonly extra: number; readonly pass: boolean }
  /** JSON-RPC calls of the cold tick (batch entries counted one by one). */
  readonly coldMethods: { readonly l1: Methods; readonly l2: Methods }
  /** The steady tick with the most HTTP requests: what the operator had posted before it, and its JSON-RPC calls. */
  readonly maxTick: { readonly posted: string; readonly l1: number; readonly l2: number; readonly l1Methods: Methods; readonly l2Methods: Methods }
}

export interface BenchStacksOptions {
  /** Stacks to run, in order. Default: all six. */
  readonly stacks?: readonly StackName[]
  /** Steady ticks per stack. Default 10. */
  readonly steadyTicks?: number
  /**
   * false: the L1 node's eth_getLogs answers lose `blockTimestamp` (anvil sets it; not every provider does), so a
   * new log costs the adapter an eth_getBlockByNumber for its L1 time. Default true.
   */
  readonly l1LogTimestamps?: boolean
}

// ---------------------------------------------------------------- per-stack devnets

type ChainInput = WatchtowerConfigInput['chains'][number]
type PostKind = 'batch' | 'root'

/** One stack's devnet, seeded: the L2 head is at `base`, everything on L1 before it. */
interface SeededDevnet {
  /** Chain config given the proxies' URLs (l1Url undefined for L2-only stacks). */
  chain(l2Url: string, l1Url: string | undefined): ChainInput
  /** Posts a batch or a state root on L1: one transaction (one L1 block) at `timestamp`, or two at `timestamp` and +1. */
  post?(kind: PostKind, timestamp: number): Promise<void>
  /** Answers for L2 methods anvil lacks (e.g. zks_getL1BatchDetails), through the L2 proxy: they count as requests. */
  readonly l2Answers?: ResultRewrite
  /** Runs after the chains moved on for a tick, straight to the nodes (not counted): e.g. the L2's L1 origin follows L1. */
  afterAdvance?(): Promise<void>
}

interface StackSpec {
  readonly stack: StackName
  /** false: an L2-only chain (evm). */
  readonly l1: boolean
  readonly l2: StartAnvilOptions
  /** Seconds of history seeded before `base`: `base` is this far past both nodes' clocks. */
  readonly history: number
  /** Deploys the stack's contracts and seeds L1 and L2 history up to `base`. */
  seed(nodes: { l1: Anvil | undefined; l2: Anvil }, base: number): Promise<SeededDevnet>
}

/** `count` L2 blocks 2 s apart, the newest at `newest`. */
const mineL2 = (l2: Anvil, count: number, newest: number): Promise<void> =>
  mineBlocks(l2, count, { timestamp: newest - (count - 1) * L2_BLOCK_SECONDS, interval: L2_BLOCK_SECONDS })

const need = (l1: Anvil | undefined): Anvil => {
  if (!l1) throw new Error('this stack needs an L1 node')
  return l1
}

const specs: Record<StackName, StackSpec> = {
  // Dispute games (the root) every ROOT_EVERY ticks; batcher transactions (invisible to the adapter, which reads
  // batch progress from the L2 `safe` tag) every BATCH_EVERY ticks.
  'op-stack': {
    stack: 'op-stack',
    l1: true,
    l2: { slotsInAnEpoch: 4, chainId: 901 },
    history: 1_000,
    async seed({ l1, l2 }, base) {
      const op = await deployOpStack(need(l1), { l2 })
      // The L1Block predeploy (l1-origin): a sequencer keeping up, its origin the L1 head after every tick.
      const origin = await installL1Block(l2)
      await mineL2(l2, 60, base)
      // Games claim the L2's real output roots, as an honest proposer posts them.
      await op.createGame({ l2BlockNumber: 50n, timestamp: base - 600 })
      await op.createGame({ l2BlockNumber: 55n, timestamp: base - 300 })
      await op.setAnchor(`0x${'11'.repeat(32)}`, 20n, base - 290)
      return {
        chain: (l2Url, l1Url) => ({ name: 'op-bench', stack: 'op-stack', l2Rpc: [l2Url], l1Rpc: [l1Url!], contracts: { systemConfig: op.systemConfig } }),
        afterAdvance: () => followL1Head(need(l1), origin),
        async post(kind, timestamp) {
          if (kind === 'batch') await op.postBatch({ timestamp })
          else await op.createGame({ l2BlockNumber: BigInt((await latestBlock(l2)).number - 4), timestamp })
        },
      }
    },
  },

  // As test/integration/arbitrumTick.test.ts: an old confirmed assertion, a newer pending one, a batch a minute
  // ago; then SequencerInbox batches, and each root tick confirms the pending assertion (AssertionConfirmed: its L2
  // block is read by hash) and creates the next (AssertionCreated). The confirm period is 2 L1 blocks so
  // confirmations land within the bench (Arbitrum One's ~6.4 d would not); the finalized-state thresholds it would
  // derive (1.5× / 2× 24 s) are overridden with Arbitrum One's defaults.
  arbitrum: {
    stack: 'arbitrum',
    l1: true,
    l2: { slotsInAnEpoch: 4, chainId: 42161 },
    history: 100_000,
    async seed({ l1, l2 }, base) {
      const devnet = await deployArbitrum(need(l1), { delaySeconds: 86_400, confirmPeriodBlocks: 5 })
      await mineBlocks(l2, 10, { timestamp: base - 50_000, interval: 2 })
      await mineL2(l2, 50, base)
      const confirmed = await devnet.createAssertion({ l2BlockHash: await l2BlockHash(l2, 10), timestamp: base - 49_000 })
      await mineBlocks(need(l1), 5, { timestamp: base - 48_990, interval: 12 })
      await devnet.confirmAssertion(confirmed, base - 5_000)
      await devnet.setConfirmPeriodBlocks(2)
      /** Created, not yet confirmed, oldest first (each a child of the one before; the first of latestConfirmed). */
      const pending = [await devnet.createAssertion({ l2BlockHash: await l2BlockHash(l2, 50), timestamp: base - 600 })]
      await devnet.postBatch({ timestamp: base - 60 })
      // Nitro blocks carry the L1 block the sequencer saw (l1-origin): two L1 blocks behind the head, through the proxy.
      let l1View = 0
      const follow = async () => void (l1View = Math.max(0, (await latestBlock(need(l1))).number - 2))
      await follow()
      return {
        l2Answers: (call, result) =>
          (call.method === 'eth_getBlockByNumber' || call.method === 'eth_getBlockByHash') && result && typeof result === 'object'
            ? { result: { ...result, l1BlockNumber: `0x${l1View.toString(16)}` } }
            : undefined,
        afterAdvance: follow,
        chain: (l2Url, l1Url) => ({
          name: 'arb-bench',
          stack: 'arbitrum',
          l2Rpc: [l2Url],
          l1Rpc: [l1Url!],
          contracts: { bridge: devnet.bridge },
          // Configured wallets (operator-balance): their eth_getBalance calls share the first L1 batch.
          operators: { batcher: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC', validator: '0x90F79bf6EB2c4f870365E785982E1f101E93b906' },
          thresholds: { stateRootFinalized: { warn: 9 * 86_400, crit: 13 * 86_400 } },
        }),
        async post(kind, timestamp) {
          if (kind === 'batch') return void (await devnet.postBatch({ timestamp }))
          const oldest = pending.shift()
          if (oldest) await devnet.confirmAssertion(oldest, timestamp)
          const l2Block = (await latestBlock(l2)).number - 4
          pending.push(await devnet.createAssertion({ l2BlockHash: await l2BlockHash(l2, l2Block), timestamp: timestamp + 1 }))
        },
      }
    },
  },

  // Era-like history (seedBatchHistory) and a waiting deposit; then deposits with the commits carrying them
  // (NewPriorityRequest, BlockCommit) and proofs (BlocksVerification). Execution waits for the 3 h timelock delay,
  // longer than the bench window, so no BlockExecution lands and the oldest priority tx stays the same.
  zksync: {
    stack: 'zksync',
    l1: true,
    l2: { slotsInAnEpoch: 5, chainId: 324 },
    history: 20_000,
    async seed({ l1, l2 }, base) {
      const devnet = await deployZksync(need(l1), { executionDelay: devnetExecutionDelay })
      await seedBatchHistory(devnet, base, devnetExecutionDelay)
      // A deposit waiting for its batch to execute (deposits: looked up once, then its id does not move).
      await devnet.requestPriorityTx(base - 200)
      await mineL2(l2, 40, base)
      return {
        chain: (l2Url, l1Url) => ({ name: 'era-bench', stack: 'zksync', l2Rpc: [l2Url], l1Rpc: [l1Url!], contracts: { diamond: devnet.diamond } }),
        // state-root-validity asks the L2 for each new batch's root hash: answered with the committed hashes.
        l2Answers: serveBatchDetails(devnet),
        async post(kind, timestamp) {
          // A new deposit and the batch that carries it: the queue grows, its oldest stays.
          if (kind === 'batch') await devnet.requestPriorityTx(timestamp).then(() => devnet.commitBatches(1, timestamp + 1))
          else await devnet.proveBatches(undefined, timestamp)
        },
      }
    },
  },

  // As test/integration/scrollTick.test.ts; then CommitBatch and finalizations (miscData only, no log scanned).
  scroll: {
    stack: 'scroll',
    l1: true,
    l2: { slotsInAnEpoch: 4, chainId: 534_352 },
    history: 10_000,
    async seed({ l1, l2 }, base) {
      const devnet = await deployScroll(need(l1), { timestamp: base - 3_000 })
      await devnet.commitBatch(base - 2_400)
      await devnet.commitBatch(base - 1_800)
      await devnet.finalize({ timestamp: base - 1_200 })
      await devnet.commitBatch(base - 600)
      await mineL2(l2, 40, base)
      return {
        chain: (l2Url, l1Url) => ({ name: 'scroll-bench', stack: 'scroll', l2Rpc: [l2Url], l1Rpc: [l1Url!], contracts: { scrollChain: devnet.scrollChain } }),
        async post(kind, timestamp) {
          if (kind === 'batch') await devnet.commitBatch(timestamp)
          else await devnet.finalize({ timestamp })
        },
      }
    },
  },

  // As test/integration/lineaAdapter.test.ts, with an L2MessageService and an unanchored L1→L2 message; then
  // DataSubmittedV3 and DataFinalizedV3. A finalization covers L2
  // blocks older than the node's `finalized` tag at the next tick (as on Linea, where the tag follows L1
  // finality), so its L2 block time is read once.
  linea: {
    stack: 'linea',
    l1: true,
    l2: { slotsInAnEpoch: 4, chainId: 59_144 },
    history: 2_000,
    async seed({ l1, l2 }, base) {
      const devnet = await deployLinea(need(l1))
      const messageService = await deployL2MessageService(l2)
      await devnet.finalize({ endBlock: 20n, timestamp: base - 1_200 })
      // An L1→L2 message the L2 has not anchored yet (deposits: looked up once, its number does not move).
      await devnet.sendMessage({ timestamp: base - 400 })
      await devnet.submitData({ timestamp: base - 300 })
      await mineL2(l2, 60, base)
      return {
        chain: (l2Url, l1Url) => ({
          name: 'linea-bench',
          stack: 'linea',
          l2Rpc: [l2Url],
          l1Rpc: [l1Url!],
          contracts: { lineaRollup: devnet.lineaRollup, l2MessageService: messageService.address },
        }),
        async post(kind, timestamp) {
          if (kind === 'batch') await devnet.submitData({ timestamp })
          else {
            const head = await latestBlock(l2)
            const endBlock = head.number - 12
            await devnet.finalize({ endBlock: BigInt(endBlock), l2Timestamp: head.timestamp - 12 * L2_BLOCK_SECONDS, timestamp })
          }
        },
      }
    },
  },

  // An RPC and nothing else.
  evm: {
    stack: 'evm',
    l1: false,
    l2: { slotsInAnEpoch: 4 },
    history: 1_000,
    async seed({ l2 }, base) {
      await mineL2(l2, 60, base)
      return { chain: (l2Url) => ({ name: 'evm-bench', stack: 'evm', l2Rpc: [l2Url] }) }
    },
  },
}

// ---------------------------------------------------------------- one stack

const mean = (xs: readonly number[]): number => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length)
function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits

interface TickSample {
  readonly posted: string
  readonly logSpan: number
  readonly l1: number
  readonly l2: number
  readonly l1Methods: Methods
  readonly l2Methods: Methods
  readonly ms: number
  readonly result: TickResult
}

/** Everything one stack's run started, so a failure half-way still stops it all. */
interface Started {
  readonly anvils: Anvil[]
  /** RPC proxies and the timestamp stripper. */
  readonly proxies: { stop(): Promise<void> }[]
  runtime?: Runtime
}

async function stopAll(started: Started): Promise<void> {
  await started.runtime?.close().catch(() => undefined)
  await Promise.allSettled(started.proxies.map((proxy) => proxy.stop()))
  await Promise.allSettled(started.anvils.map((anvil) => anvil.stop()))
}

/** A pass-through JSON-RPC server that deletes `blockTimestamp` from the logs in every answer, as older nodes answer. */
async function startLogTimestampStripper(target: string): Promise<{ url: string; stop(): Promise<void> }> {
  const strip = (answer: unknown): unknown => {
    const result = (answer as { result?: unknown } | null)?.result
    if (Array.isArray(result))
      for (const log of result) if (log && typeof log === 'object' && 'logIndex' in log) delete (log as { blockTimestamp?: unknown }).blockTimestamp
    return answer
  }
  const server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = []
      for await (const chunk of req) chunks.push(chunk as Buffer)
      const upstream = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.concat(chunks) })
      const answer = (await upstream.json()) as unknown
      res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(JSON.stringify(Array.isArray(answer) ? answer.map(strip) : strip(answer)))
    })().catch(() => (res.headersSent ? res.destroy() : res.writeHead(502).end()))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

/** Widest eth_getLogs block range the proxy saw (numeric bounds; a tag counts as 0). */
function widestLogSpan(proxy: RpcProxy | undefined): number {
  let widest = 0
  for (const call of proxy?.requests ?? []) {
    if (call.method !== 'eth_getLogs' || !Array.isArray(call.params)) continue
    const filter = call.params[0] as { fromBlock?: unknown; toBlock?: unknown } | undefined
    const bound = (value: unknown): number | undefined => (typeof value === 'string' && /^0x[0-9a-f]+$/i.test(value) ? Number(value) : undefined)
    const from = bound(filter?.fromBlock)
    const to = bound(filter?.toBlock)
    if (from !== undefined && to !== undefined) widest = Math.max(widest, to - from + 1)
  }
  return widest
}

/** What the operator posts on L1 before tick `k` (tick 0 is the cold one: nothing new). */
function postsBefore(k: number): PostKind[] {
  if (k === 0) return []
  return [...(k % BATCH_EVERY === 0 ? (['batch'] as const) : []), ...(k % ROOT_EVERY === 0 ? (['root'] as const) : [])]
}

async function benchStack(spec: StackSpec, steadyTicks: number, l1LogTimestamps: boolean): Promise<StackBenchRow> {
  const started: Started = { anvils: [], proxies: [] }
  try {
    const nodes = await Promise.all([spec.l1 ? startAnvil() : Promise.resolve(undefined), startAnvil(spec.l2)])
    const [l1, l2] = nodes
    if (l1) started.anvils.push(l1)
    started.anvils.push(l2)
    const heads = await Promise.all([l1 ? latestBlock(l1) : Promise.resolve(undefined), latestBlock(l2)])
    const base = Math.max(heads[0]?.timestamp ?? 0, heads[1].timestamp) + spec.history
    const devnet = await spec.seed({ l1, l2 }, base)

    const stripper = l1 && !l1LogTimestamps ? await startLogTimestampStripper(l1.url) : undefined
    if (stripper) started.proxies.push(stripper)
    const l1Target = stripper?.url ?? l1?.url
    const [l2Proxy, l1Proxy] = await Promise.all([startRpcProxy(l2.url), l1Target ? startRpcProxy(l1Target) : Promise.resolve(undefined)])
    started.proxies.push(l2Proxy)
    if (devnet.l2Answers) l2Proxy.rewriteResults(devnet.l2Answers)
    if (l1Proxy) started.proxies.push(l1Proxy)

    const config = validateConfig({ chains: [devnet.chain(l2Proxy.url, l1Proxy?.url)] }, `bench:${spec.stack}`)
    const runtime = await createRuntime({ config, store: { kind: 'embedded' }, env: {}, consoleWrite: false })
    started.runtime = runtime
    if (runtime.channels.length > 0) throw new Error(`${spec.stack}: expected no chat channels`)

    let l2Head = base
    let now = base + 1
    /** Moves both chains and the clock on by one tick; straight to the nodes, so the proxies do not count it. */
    const advance = async (k: number): Promise<string> => {
      await mineL2(l2, TICK_SECONDS / L2_BLOCK_SECONDS, l2Head + TICK_SECONDS)
      l2Head += TICK_SECONDS
      now = l2Head + 1
      if (!l1) return '—'
      const posts = postsBefore(k)
      // One L1 block per tick, or one per posted transaction, all within this tick's 12 s.
      // (A post may take two blocks, at its timestamp and +1: posts are 2 s apart.)
      if (posts.length === 0) await mineBlocks(l1, 1, { timestamp: now - 8 })
      for (const [i, kind] of posts.entries()) await devnet.post!(kind, now - 8 + 2 * i)
      await devnet.afterAdvance?.()
      return posts.length === 0 ? '—' : posts.join('+')
    }
    const tick = async (k: number): Promise<TickSample> => {
      const posted = await advance(k)
      l1Proxy?.resetCounts()
      l2Proxy.resetCounts()
      const startedAt = performance.now()
      const result = await runTick({ ...runtime, clock: () => now })
      const ms = performance.now() - startedAt
      const unknown = result.results.filter((verdict) => verdict.status === 'unknown')
      if (unknown.length > 0)
        throw new Error(`${spec.stack}: unreadable on tick ${k}: ${unknown.map((v) => `${v.check}: ${v.reason}`).join('; ')}`)
      return {
        posted,
        logSpan: widestLogSpan(l1Proxy),
        l1: l1Proxy?.requestCount ?? 0,
        l2: l2Proxy.requestCount,
        l1Methods: { ...(l1Proxy?.methodCounts ?? {}) },
        l2Methods: { ...l2Proxy.methodCounts },
        ms,
        result,
      }
    }

    const cold = await tick(0)
    const verdicts = cold.result.results.length
    if (verdicts === 0) throw new Error(`${spec.stack}: the tick produced no verdicts`)
    const statuses: Status[] = [cold.result.worst]
    for (let k = 1; k <= WARMUP_TICKS; k++) statuses.push((await tick(k)).result.worst)
    const steady: TickSample[] = []
    for (let k = WARMUP_TICKS + 1; k <= WARMUP_TICKS + steadyTicks; k++) {
      const sample = await tick(k)
      if (sample.result.results.length !== verdicts) throw new Error(`${spec.stack}: ${sample.result.results.length} verdicts on tick ${k}, expected ${verdicts}`)
      statuses.push(sample.result.worst)
      steady.push(sample)
    }

    const totals = steady.map((s) => s.l1 + s.l2)
    const steadyTotalMax = Math.max(...totals)
    const maxTick = steady[totals.indexOf(steadyTotalMax)]!
    const busiest = (samples: TickSample[]) => (samples.length ? Math.max(...samples.map((s) => s.l1 + s.l2)) : undefined)
    const rootRequests = busiest(steady.filter((s) => s.posted === 'root'))
    const quietRequests = busiest(steady.filter((s) => s.posted === '—'))
    const rootTick =
      rootRequests !== undefined && quietRequests !== undefined
        ? { requests: rootRequests, quiet: quietRequests, extra: rootRequests - quietRequests, pass: rootRequests - quietRequests <= ROOT_TICK_EXTRA_TARGET }
        : undefined
    return {
      stack: spec.stack,
      coldL1: cold.l1,
      coldL2: cold.l2,
      steadyL1: round(mean(steady.map((s) => s.l1))),
      steadyL2: round(mean(steady.map((s) => s.l2))),
      steadyTotalMean: round(mean(totals)),
      steadyTotalMax,
      target: STACK_TARGET,
      pass: steadyTotalMax <= STACK_TARGET,
      checks: cold.result.results.map((verdict) => verdict.check),
      medianTickMs: round(median(steady.map((s) => s.ms)), 1),
      steadyTicks: steady.length,
      verdicts,
      worst: worstStatus(statuses),
      l1LogTimestamps,
      logSpan: { cold: cold.logSpan, steadyMax: Math.max(0, ...steady.map((s) => s.logSpan)) },
      coldMethods: { l1: cold.l1Methods, l2: cold.l2Methods },
      ...(rootTick ? { rootTick } : {}),
      maxTick: { posted: maxTick.posted, l1: maxTick.l1, l2: maxTick.l2, l1Methods: maxTick.l1Methods, l2Methods: maxTick.l2Methods },
    }
  } finally {
    await stopAll(started)
  }
}

// ---------------------------------------------------------------- public

const allStacks: readonly StackName[] = ['op-stack', 'arbitrum', 'zksync', 'scroll', 'linea', 'evm']

/** One row per stack, run one after the other (each on its own nodes, proxies and embedded store). */
export async function benchStacks(options: BenchStacksOptions = {}): Promise<StackBenchRow[]> {
  const rows: StackBenchRow[] = []
  for (const stack of options.stacks ?? allStacks)
    rows.push(await benchStack(specs[stack], options.steadyTicks ?? STEADY_TICKS, options.l1LogTimestamps ?? true))
  return rows
}

const pad = (value: string | number, width: number): string => String(value).padStart(width)
const fmt = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(2))
const methodList = (methods: Methods): string =>
  Object.entries(methods)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, n]) => `${name}×${n}`)
    .join(' ') || '—'

/** The rows as a compact table, plus the JSON-RPC calls of each stack's busiest steady tick. */
export function formatStackBench(rows: readonly StackBenchRow[]): string {
  const out: string[] = []
  out.push(
    `HTTP requests per chain per tick, every stack (1 chain each; ${rows[0]?.steadyTicks ?? STEADY_TICKS} steady ticks after 1 cold + ${WARMUP_TICKS} warm-up; ` +
      `L1 posts a batch every ${BATCH_EVERY} ticks, a root every ${ROOT_EVERY}` +
      `${rows.some((r) => !r.l1LogTimestamps) ? '; L1 logs WITHOUT blockTimestamp' : ''})`,
  )
  out.push(
    `${'stack'.padEnd(9)} │${pad('cold L1', 8)}${pad('L2', 4)} │${pad('steady L1', 10)}${pad('L2', 6)}${pad('mean', 6)}${pad('max', 5)} │ ` +
      `${'target'.padEnd(11)} │${pad('median ms', 10)} │${pad('getLogs span', 13)} │ verdicts`,
  )
  for (const r of rows) {
    const noL1 = r.stack === 'evm'
    out.push(
      `${r.stack.padEnd(9)} │${pad(noL1 ? '–' : r.coldL1, 8)}${pad(r.coldL2, 4)} │${pad(noL1 ? '–' : fmt(r.steadyL1), 10)}${pad(fmt(r.steadyL2), 6)}` +
        `${pad(fmt(r.steadyTotalMean), 6)}${pad(r.steadyTotalMax, 5)} │ ${`≤ ${r.target} ${r.pass ? 'PASS' : 'MISS'}`.padEnd(11)} │` +
        `${pad(r.medianTickMs.toFixed(1), 10)} │${pad(r.logSpan.cold + r.logSpan.steadyMax === 0 ? '–' : `${r.logSpan.cold} → ${r.logSpan.steadyMax}`, 13)} │ ${r.verdicts}, worst ${r.worst}`,
    )
  }
  out.push('  mean/max = L1 + L2 per steady tick; max = the busiest steady tick, which the target applies to')
  out.push(
    '  getLogs span = widest L1 eth_getLogs range in blocks, cold tick → any steady tick (incremental: only the blocks since ' +
      `the scan's cursor, ~1 L1 block per tick; '–': no log scans)`,
  )
  const rootRows = rows.filter((r) => r.rootTick)
  if (rootRows.length > 0)
    out.push(
      `  new-root tick vs quiet tick (busiest of each, L1 + L2; target ≤ +${ROOT_TICK_EXTRA_TARGET}): ` +
        rootRows.map((r) => `${r.stack} ${r.rootTick!.requests} vs ${r.rootTick!.quiet} (+${r.rootTick!.extra} ${r.rootTick!.pass ? 'PASS' : 'MISS'})`).join(', '),
    )
  out.push('  checks judged every tick (their reads ride in the requests above):')
  for (const r of rows) out.push(`  ${r.stack.padEnd(9)} ${r.checks.join(', ')}`)
  out.push('  busiest steady tick (posted on L1 before it): JSON-RPC calls, batch entries counted')
  for (const r of rows)
    out.push(
      `  ${r.stack.padEnd(9)} ${pad(r.maxTick.l1 + r.maxTick.l2, 2)} req after ${r.maxTick.posted.padEnd(10)} ` +
        `L1 ${r.maxTick.l1}: ${r.stack === 'evm' ? '—' : methodList(r.maxTick.l1Methods)} | L2 ${r.maxTick.l2}: ${methodList(r.maxTick.l2Methods)}`,
    )
  return out.join('\n')
}

/** `--stack=a,b`: only those stacks (in that order); an unknown name fails before anything starts. */
function stacksFromArgs(argv: readonly string[]): StackName[] | undefined {
  const arg = argv.find((a) => a.startsWith('--stack='))
  if (!arg) return undefined
  const names = arg.slice('--stack='.length).split(',').filter(Boolean)
  const unknown = names.filter((name) => !(allStacks as readonly string[]).includes(name))
  if (unknown.length > 0) throw new Error(`unknown stack(s) ${unknown.join(', ')}: one of ${allStacks.join(', ')}`)
  return names as StackName[]
}

// Run on its own: print the table and the rows (`--no-log-timestamps`: an L1 RPC without blockTimestamp on logs;
// `--stack=arbitrum`: one stack only).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const startedAt = performance.now()
  const stacks = stacksFromArgs(process.argv)
  benchStacks({ l1LogTimestamps: !process.argv.includes('--no-log-timestamps'), ...(stacks ? { stacks } : {}) }).then(
    (rows) => {
      console.log(formatStackBench(rows))
      console.log(`BENCH_STACKS_JSON ${JSON.stringify({ target: STACK_TARGET, totalMs: Math.round(performance.now() - startedAt), stacks: rows })}`)
      setTimeout(() => process.exit(0), 1_000).unref()
    },
    (error: unknown) => {
      console.error('benchStacks failed:', error instanceof Error ? (error.stack ?? error.message) : error)
      process.exitCode = 1
      setTimeout(() => process.exit(1), 1_000).unref()
    },
  )
}
