// Benchmark: RPC requests per chain per tick and tick wall time on an OP Stack devnet.
//
//   npm run bench        (tsx test/bench/bench.ts)
//
// Anvil L1 with the solc-compiled OP Stack contracts (two dispute games, an anchor) and an anvil L2
// (`slotsInAnEpoch` so `safe`/`finalized` trail `latest`). Every chain reaches the nodes through its own
// counting RPC proxies, so HTTP requests are counted per chain and per layer. The clock is controlled: before
// each tick the L2 mines 12 s worth of 2 s blocks and `now` moves to just after the newest block, so every check
// stays ok and every run does the same work. No notifiers. Prints a table, then one `BENCH_JSON {...}` line.
// Then every stack, the Lambda bundle, a 2,000-chain tick, and the detection figure (halt → Slack, benchDetection.ts).
// Exits 0 unless something actually failed (a MISS against a target is a result, not a failure).
import { performance } from 'node:perf_hooks'
import os from 'node:os'
import v8 from 'node:v8'
import vm from 'node:vm'
import { validateConfig } from '../../functions/config/parseConfig.js'
import type { WatchtowerConfigInput } from '../../functions/config/schema.js'
import { createRuntime, type Runtime } from '../../functions/runtime/createRuntime.js'
import { runTick, type TickResult } from '../../functions/tick.js'
import { type Status, type Verdict, worstStatus } from '../../functions/types.js'
import { type Anvil, latestBlock, mineBlocks, startAnvil } from '../devnet/anvil.js'
import { deployOpStack, followL1Head, installL1Block, type OpStackDevnet } from '../devnet/opStackDevnet.js'
import { type RpcProxy, startRpcProxy } from '../devnet/rpcProxy.js'

// The AWS SDK (DynamoDB client of the embedded store) warns about Node 20 at client construction.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

/** Target: HTTP requests per OP Stack chain per steady-state tick, L1 + L2 together. */
const TARGET_PER_OP_STACK_CHAIN = 3
/** Ticks after the cold one before measuring (caches settle). */
const WARMUP_TICKS = 2
/** Steady-state ticks measured: request counts averaged, wall time median/p95. */
const STEADY_TICKS = 20
const MANY_CHAINS = 10
/** Seconds of L2 history mined between ticks (2 s blocks). */
const TICK_SECONDS = 12
const L2_BLOCK_SECONDS = 2
/** The whole run must end well before this; past it the watchdog fails the run (anvils die with the process). */
const WATCHDOG_MS = 110_000
const DETECTION_WATCHDOG_MS = 300_000

// A full GC before each memory reading makes heap figures comparable between runs (no --expose-gc on the CLI).
v8.setFlagsFromString('--expose-gc')
const collectGarbage = vm.runInNewContext('gc') as (() => void) | undefined
function memoryAfterGc(): NodeJS.MemoryUsage {
  collectGarbage?.()
  return process.memoryUsage()
}

interface ChainProbe {
  readonly name: string
  readonly stack: 'op-stack' | 'evm'
  readonly l1?: RpcProxy
  readonly l2: RpcProxy
}

interface TickCount {
  readonly l1: number
  readonly l2: number
}

interface ScenarioResult {
  readonly label: string
  readonly stack: 'op-stack' | 'evm'
  readonly chains: number
  /** Per chain, cold tick. */
  readonly cold: readonly TickCount[]
  /** Per steady tick, per chain. */
  readonly steady: readonly (readonly TickCount[])[]
  readonly coldMs: number
  readonly steadyMs: readonly number[]
  readonly worst: Status
  readonly checksPerTick: number
  /** JSON-RPC methods of the first chain (batch entries counted), cold tick and last steady tick. */
  readonly coldMethods: { l1: Record<string, number>; l2: Record<string, number> }
  readonly steadyMethods: { l1: Record<string, number>; l2: Record<string, number> }
  /** The first chain's verdicts on the last steady tick (what the new checks cost is told from them). */
  readonly lastVerdicts: readonly Verdict[]
  readonly memory: NodeJS.MemoryUsage
}

// ---------------------------------------------------------------- statistics

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0)
const mean = (xs: readonly number[]): number => (xs.length === 0 ? 0 : sum(xs) / xs.length)
/** Nearest-rank percentile. */
function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return 0
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}
function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits
const mb = (bytes: number): number => round(bytes / 1024 / 1024, 1)
const total = (c: TickCount): number => c.l1 + c.l2

// ---------------------------------------------------------------- devnet and clock

/** Filled in step by step during set-up, so a failed set-up still stops what it started. */
interface Devnet {
  l1: Anvil
  l2: Anvil
  op: OpStackDevnet
  readonly proxies: RpcProxy[]
  /** Unix seconds the controlled clock reads. */
  now: number
  /** Timestamp of the newest L2 block. */
  l2Head: number
}

async function setUpDevnet(devnet: Partial<Devnet> & { proxies: RpcProxy[] }): Promise<Devnet> {
  ;[devnet.l1, devnet.l2] = await Promise.all([startAnvil(), startAnvil({ slotsInAnEpoch: 4, chainId: 901 })])
  devnet.op = await deployOpStack(devnet.l1, { l2: devnet.l2 })
  const base = (await latestBlock(devnet.l1)).timestamp + 1000
  // L2: 60 blocks, 2 s apart, the newest at `base`.
  await mineBlocks(devnet.l2, 60, { timestamp: base - 59 * L2_BLOCK_SECONDS, interval: L2_BLOCK_SECONDS })
  // L1 history: two respected games with the L2's real output roots (10 and 5 min before `base`), the anchor at L2 block 20.
  await devnet.op.createGame({ l2BlockNumber: 50n, timestamp: base - 600 })
  await devnet.op.createGame({ l2BlockNumber: 55n, timestamp: base - 300 })
  await devnet.op.setAnchor(`0x${'11'.repeat(32)}`, 20n, base - 290)
  // The L1Block predeploy (l1-origin, read in the L2 head batch): the origin is the L1 head, which stays put here.
  await followL1Head(devnet.l1, await installL1Block(devnet.l2))
  devnet.l2Head = base
  devnet.now = base + 1
  return devnet as Devnet
}

/** Moves the chain and the clock on by one tick interval (directly on anvil: not counted by the proxies). */
async function advance(devnet: Devnet): Promise<void> {
  const blocks = TICK_SECONDS / L2_BLOCK_SECONDS
  await mineBlocks(devnet.l2, blocks, { timestamp: devnet.l2Head + L2_BLOCK_SECONDS, interval: L2_BLOCK_SECONDS })
  devnet.l2Head += blocks * L2_BLOCK_SECONDS
  devnet.now = devnet.l2Head + 1
}

async function proxyPair(devnet: Devnet, withL1: boolean): Promise<{ l1?: RpcProxy; l2: RpcProxy }> {
  const [l2, l1] = await Promise.all([
    startRpcProxy(devnet.l2.url),
    withL1 ? startRpcProxy(devnet.l1.url) : Promise.resolve(undefined),
  ])
  devnet.proxies.push(l2)
  if (l1) devnet.proxies.push(l1)
  return l1 ? { l1, l2 } : { l2 }
}

function chainConfig(devnet: Devnet, probe: ChainProbe): WatchtowerConfigInput['chains'][number] {
  if (probe.stack === 'evm') return { name: probe.name, stack: 'evm', l2Rpc: [probe.l2.url] }
  return {
    name: probe.name,
    stack: 'op-stack',
    l2Rpc: [probe.l2.url],
    l1Rpc: [probe.l1!.url],
    contracts: { systemConfig: devnet.op.systemConfig },
  }
}

// ---------------------------------------------------------------- one scenario

function counts(probes: readonly ChainProbe[]): TickCount[] {
  return probes.map((p) => ({ l1: p.l1?.requestCount ?? 0, l2: p.l2.requestCount }))
}

function resetCounts(probes: readonly ChainProbe[]): void {
  for (const p of probes) {
    p.l1?.resetCounts()
    p.l2.resetCounts()
  }
}

function methodsOf(probe: ChainProbe): { l1: Record<string, number>; l2: Record<string, number> } {
  return { l1: { ...(probe.l1?.methodCounts ?? {}) }, l2: { ...probe.l2.methodCounts } }
}

/** Unreadable chains would make the figures meaningless: fail the run on them. */
function checkResult(label: string, result: TickResult, expectedVerdicts: number): void {
  const unknown = result.results.filter((r) => r.status === 'unknown')
  if (unknown.length > 0)
    throw new Error(`${label}: unreadable chain(s): ${unknown.map((r) => `${r.chain} ${r.check}: ${r.reason}`).join('; ')}`)
  if (result.results.length !== expectedVerdicts)
    throw new Error(`${label}: ${result.results.length} verdicts, expected ${expectedVerdicts}`)
}

async function runScenario(devnet: Devnet, label: string, probes: readonly ChainProbe[]): Promise<ScenarioResult> {
  const config = validateConfig({ chains: probes.map((p) => chainConfig(devnet, p)) }, `bench:${label}`)
  let runtime: Runtime | undefined
  try {
    runtime = await createRuntime({ config, store: { kind: 'embedded' }, env: {}, consoleWrite: false })
    if (runtime.channels.length > 0) throw new Error(`${label}: expected no chat channels, got ${runtime.channels.length}`)
    const rt = runtime
    const tick = async (): Promise<{ result: TickResult; ms: number }> => {
      await advance(devnet)
      resetCounts(probes)
      const started = performance.now()
      const result = await runTick({ ...rt, clock: () => devnet.now })
      return { result, ms: performance.now() - started }
    }

    const first = probes[0]!
    const coldTick = await tick()
    const expectedVerdicts = coldTick.result.results.length
    if (expectedVerdicts === 0) throw new Error(`${label}: the tick produced no verdicts`)
    checkResult(label, coldTick.result, expectedVerdicts)
    const cold = counts(probes)
    const coldMethods = methodsOf(first)

    for (let i = 0; i < WARMUP_TICKS; i++) checkResult(label, (await tick()).result, expectedVerdicts)

    const steady: TickCount[][] = []
    const steadyMs: number[] = []
    const statuses: Status[] = []
    let last: TickResult | undefined
    for (let i = 0; i < STEADY_TICKS; i++) {
      const { result, ms } = await tick()
      last = result
      checkResult(label, result, expectedVerdicts)
      steady.push(counts(probes))
      steadyMs.push(ms)
      statuses.push(result.worst)
    }
    const worst = worstStatus([coldTick.result.worst, ...statuses])
    return {
      label,
      stack: first.stack,
      chains: probes.length,
      cold,
      steady,
      coldMs: coldTick.ms,
      steadyMs,
      worst,
      checksPerTick: expectedVerdicts,
      coldMethods,
      steadyMethods: methodsOf(first),
      lastVerdicts: (last?.results ?? []).filter((verdict) => verdict.chain === last?.results[0]?.chain),
      memory: memoryAfterGc(),
    }
  } finally {
    await runtime?.close()
  }
}

// ---------------------------------------------------------------- report

interface Summary {
  label: string
  stack: 'op-stack' | 'evm'
  chains: number
  verdictsPerTick: number
  worstStatus: Status
  cold: { l1: number; l2: number; total: number; maxChain: number; allChains: number }
  steady: { ticks: number; l1: number; l2: number; total: number; maxChainTick: number; allChainsPerTick: number }
  target: { perChainPerTick: number; pass: boolean } | null
  wallMs: { cold: number; median: number; p95: number; max: number; ticks: number }
  memoryMb: { heapUsed: number; rss: number }
}

function summarize(r: ScenarioResult): Summary {
  const perChainSteady = (pick: (c: TickCount) => number): number => mean(r.steady.flatMap((tick) => tick.map(pick)))
  const maxChainTick = Math.max(...r.steady.flatMap((tick) => tick.map(total)))
  const steadyTotal = perChainSteady(total)
  return {
    label: r.label,
    stack: r.stack,
    chains: r.chains,
    verdictsPerTick: r.checksPerTick,
    worstStatus: r.worst,
    cold: {
      l1: round(mean(r.cold.map((c) => c.l1))),
      l2: round(mean(r.cold.map((c) => c.l2))),
      total: round(mean(r.cold.map(total))),
      maxChain: Math.max(...r.cold.map(total)),
      allChains: sum(r.cold.map(total)),
    },
    steady: {
      ticks: r.steady.length,
      l1: round(perChainSteady((c) => c.l1)),
      l2: round(perChainSteady((c) => c.l2)),
      total: round(steadyTotal),
      maxChainTick,
      allChainsPerTick: round(mean(r.steady.map((tick) => sum(tick.map(total))))),
    },
    // Strict: every chain on every steady tick within the target, not just the average.
    target:
      r.stack === 'op-stack'
        ? { perChainPerTick: TARGET_PER_OP_STACK_CHAIN, pass: maxChainTick <= TARGET_PER_OP_STACK_CHAIN }
        : null,
    wallMs: {
      cold: round(r.coldMs, 1),
      median: round(median(r.steadyMs), 1),
      p95: round(percentile(r.steadyMs, 95), 1),
      max: round(Math.max(...r.steadyMs), 1),
      ticks: r.steadyMs.length,
    },
    memoryMb: { heapUsed: mb(r.memory.heapUsed), rss: mb(r.memory.rss) },
  }
}

const pad = (value: string | number, width: number): string => String(value).padStart(width)
const padEnd = (value: string | number, width: number): string => String(value).padEnd(width)
const fmt = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(2))
const methodList = (m: Record<string, number>): string =>
  Object.entries(m)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, n]) => `${name}×${n}`)
    .join(' ') || '—'

/** Issue 12's checks on a steady tick: what each asks and in which request it rides (none adds one). */
function newCheckCosts(result: ScenarioResult): string[] {
  const verdict = (check: string) => result.lastVerdicts.find((v) => v.check === check)
  const lines: string[] = []
  const reorg = verdict('reorg')
  // latest, safe and finalized are the head batch's own reads; the rest are the heights re-read for reorg.
  if (reorg) lines.push(`reorg ${reorg.status}: ${(result.steadyMethods.l2.eth_getBlockByNumber ?? 0) - 3} heights seen re-read inside the L2 head batch → +0 requests`)
  const balances = verdict('operator-balance')
  if (balances) {
    const wallets = Object.keys(balances.details ?? {}).filter((key) => key.endsWith('BalanceEth')).length
    lines.push(`operator-balance ${balances.status}: ${wallets} Multicall3.getEthBalance inside the first L1 eth_call → +0 requests`)
  }
  const throughput = verdict('throughput')
  if (throughput) lines.push(`throughput ${throughput.status}: tx count and gas of the latest block the head batch already read → +0 requests`)
  return lines
}

function printReport(summaries: readonly Summary[], results: readonly ScenarioResult[], setupMs: number, final: NodeJS.MemoryUsage): void {
  const out: string[] = []
  out.push(`L2 Watchtower bench — OP Stack devnet (anvil L1 + L2), node ${process.version}, ${os.cpus().length} CPU(s)`)
  out.push(
    `setup ${round(setupMs / 1000, 1)} s: OP contracts, 2 dispute games, anchor @ L2 #20, L2 safe/finalized trail 4/8 blocks; ` +
      `${WARMUP_TICKS} warm-up + ${STEADY_TICKS} steady ticks per scenario, ${TICK_SECONDS} s of L2 blocks between ticks`,
  )
  out.push('')
  out.push('HTTP requests per chain per tick (counted at the RPC proxies; a JSON-RPC batch is one request)')
  out.push(
    `${padEnd('scenario', 14)}${pad('chains', 6)} │${pad('cold L1', 8)}${pad('L2', 5)}${pad('total', 7)} │` +
      `${pad('steady L1', 10)}${pad('L2', 6)}${pad('total', 7)}${pad('max', 5)} │ target`,
  )
  for (const s of summaries) {
    const noL1 = s.stack === 'evm'
    const target = s.target
      ? `≤ ${s.target.perChainPerTick} per OP Stack chain  ${s.target.pass ? 'PASS' : 'MISS'}`
      : '(no target: L2 only)'
    out.push(
      `${padEnd(s.label, 14)}${pad(s.chains, 6)} │${pad(noL1 ? '–' : fmt(s.cold.l1), 8)}${pad(fmt(s.cold.l2), 5)}${pad(fmt(s.cold.total), 7)} │` +
        `${pad(noL1 ? '–' : fmt(s.steady.l1), 10)}${pad(fmt(s.steady.l2), 6)}${pad(fmt(s.steady.total), 7)}${pad(s.steady.maxChainTick, 5)} │ ${target}`,
    )
  }
  out.push(`  steady = mean over ${STEADY_TICKS} ticks (and over chains); max = worst single chain on any steady tick`)
  for (const s of summaries.filter((x) => x.chains > 1))
    out.push(
      `  ${s.label}, all ${s.chains} chains together: cold ${s.cold.allChains} requests (worst chain ${s.cold.maxChain}), ` +
        `steady ${fmt(s.steady.allChainsPerTick)} requests per tick`,
    )
  const single = results.find((r) => r.stack === 'op-stack' && r.chains === 1)
  if (single) {
    out.push(`  ${single.label} methods, cold:   L1 ${methodList(single.coldMethods.l1)} | L2 ${methodList(single.coldMethods.l2)}`)
    out.push(`  ${single.label} methods, steady: L1 ${methodList(single.steadyMethods.l1)} | L2 ${methodList(single.steadyMethods.l2)}`)
    for (const line of newCheckCosts(single)) out.push(`  ${line}`)
  }
  out.push('')
  out.push(`Tick wall time, ms (runTick incl. embedded DynamoDB reads/writes; median/p95 over ${STEADY_TICKS} steady ticks)`)
  out.push('  the RPC proxies and dynalite share this process and its event loop with the tick: loopback figures, not production')
  out.push(`${padEnd('scenario', 14)}${pad('chains', 6)} │${pad('cold', 8)}${pad('median', 8)}${pad('p95', 8)}${pad('max', 8)} │ checks`)
  for (const s of summaries)
    out.push(
      `${padEnd(s.label, 14)}${pad(s.chains, 6)} │${pad(s.wallMs.cold.toFixed(1), 8)}${pad(s.wallMs.median.toFixed(1), 8)}` +
        `${pad(s.wallMs.p95.toFixed(1), 8)}${pad(s.wallMs.max.toFixed(1), 8)} │ ${s.verdictsPerTick} verdicts/tick, worst ${s.worstStatus}`,
    )
  out.push('')
  out.push(
    `Memory after the runs${collectGarbage ? ', after a full GC' : ''} (this process: bench, RPC proxies, embedded dynalite): heap used ${mb(final.heapUsed)} MB, ` +
      `heap total ${mb(final.heapTotal)} MB, RSS ${mb(final.rss)} MB`,
  )
  out.push(`  after each scenario: ${summaries.map((s) => `${s.label} heap ${s.memoryMb.heapUsed} MB / RSS ${s.memoryMb.rss} MB`).join('; ')}`)
  console.log(out.join('\n'))
}

// ---------------------------------------------------------------- main

async function main(): Promise<number> {
  const startedAt = performance.now()
  const devnetParts: Partial<Devnet> & { proxies: RpcProxy[] } = { proxies: [] }
  try {
    const devnet = await setUpDevnet(devnetParts)
    const setupMs = performance.now() - startedAt

    const results: ScenarioResult[] = []
    const one = await proxyPair(devnet, true)
    results.push(await runScenario(devnet, 'op-stack ×1', [{ name: 'devnet', stack: 'op-stack', ...one }]))

    const evm = await proxyPair(devnet, false)
    results.push(await runScenario(devnet, 'evm ×1', [{ name: 'devnet-evm', stack: 'evm', ...evm }]))

    const many: ChainProbe[] = []
    for (let i = 1; i <= MANY_CHAINS; i++)
      many.push({ name: `devnet-${String(i).padStart(2, '0')}`, stack: 'op-stack', ...(await proxyPair(devnet, true)) })
    results.push(await runScenario(devnet, `op-stack ×${MANY_CHAINS}`, many))

    const finalMemory = memoryAfterGc()
    const summaries = results.map(summarize)
    printReport(summaries, results, setupMs, finalMemory)
    const json = {
      version: 1,
      node: process.version,
      cpus: os.cpus().length,
      targetRequestsPerOpStackChainPerTick: TARGET_PER_OP_STACK_CHAIN,
      pass: summaries.every((s) => s.target === null || s.target.pass),
      warmupTicks: WARMUP_TICKS,
      steadyTicks: STEADY_TICKS,
      tickSeconds: TICK_SECONDS,
      setupMs: Math.round(setupMs),
      totalMs: Math.round(performance.now() - startedAt),
      scenarios: summaries,
      memoryMb: { heapUsed: mb(finalMemory.heapUsed), heapTotal: mb(finalMemory.heapTotal), rss: mb(finalMemory.rss), afterGc: Boolean(collectGarbage) },
    }
    console.log(`BENCH_JSON ${JSON.stringify(json)}`)

    // Every stack (test/bench/benchStacks.ts): its own devnets, started and stopped there; a fresh watchdog window.
    watchdog.refresh()
    const { benchStacks, formatStackBench } = await import('./benchStacks.js')
    const stacks = await benchStacks()
    console.log(`\n${formatStackBench(stacks)}`)
    console.log(`BENCH_STACKS_JSON ${JSON.stringify({ stacks })}`)

    // The Lambda bundle: size against the 1 MB budget and cold-import time (lib/measureTickBundle.ts).
    watchdog.refresh()
    const { reportTickBundle } = await import('../../lib/measureTickBundle.js')
    await reportTickBundle()

    // 2,000 chains in one tick (test/bench/benchScale.ts): no item-size failure, bounded items, hung chain held.
    watchdog.refresh()
    const { benchScale, formatScaleBench } = await import('./benchScale.js')
    const scale = await benchScale()
    console.log(`\n${formatScaleBench(scale)}`)
    console.log(`BENCH_SCALE_JSON ${JSON.stringify(scale)}`)

    // Detection (test/bench/benchDetection.ts): halt → Slack through the real run loop, ~8 halts of 2 virtual
    // minutes each; its own, longer watchdog (each poll's work takes real time on a loaded machine).
    clearTimeout(watchdog)
    const detectionWatchdog = setTimeout(() => {
      console.error(`bench: detection still running after ${DETECTION_WATCHDOG_MS / 1000} s, giving up`)
      process.exit(1)
    }, DETECTION_WATCHDOG_MS)
    detectionWatchdog.unref()
    const { benchDetection, formatDetectionBench } = await import('./benchDetection.js')
    const detection = await benchDetection()
    clearTimeout(detectionWatchdog)
    console.log(`\n${formatDetectionBench(detection)}`)
    console.log(`BENCH_DETECTION_JSON ${JSON.stringify(detection)}`)
    // Replay (test/bench/benchReplay.ts): a 7-day quiet timeline < 60 s, a 2-hour incident < 20 s; its own watchdog,
    // kept alive by every replay tick (a replay that stops ticking is stuck).
    const replayWatchdog = setTimeout(() => {
      console.error(`bench: a replay made no progress for ${WATCHDOG_MS / 1000} s, giving up`)
      process.exit(1)
    }, WATCHDOG_MS)
    replayWatchdog.unref()
    const { benchReplay, formatReplayBench } = await import('./benchReplay.js')
    const replays = await benchReplay(() => replayWatchdog.refresh())
    clearTimeout(replayWatchdog)
    console.log(`\n${formatReplayBench(replays)}`)
    console.log(`BENCH_REPLAY_JSON ${JSON.stringify({ replays })}`)
    return 0
  } finally {
    await Promise.allSettled(devnetParts.proxies.map((p) => p.stop()))
    await Promise.allSettled([devnetParts.l1?.stop(), devnetParts.l2?.stop()])
  }
}

const watchdog = setTimeout(() => {
  console.error(`bench: still running after ${WATCHDOG_MS / 1000} s, giving up`)
  process.exit(1) // the devnet helper SIGKILLs the anvils on exit
}, WATCHDOG_MS)
watchdog.unref()
// Until main() says otherwise: a run that ends without finishing (e.g. the loop drained early) is a failure.
process.exitCode = 1

main().then(
  (code) => {
    clearTimeout(watchdog)
    process.exitCode = code
    // Keep-alive sockets may hold the loop open a little; do not let them hold the run.
    setTimeout(() => process.exit(code), 2_000).unref()
  },
  (error: unknown) => {
    clearTimeout(watchdog)
    console.error('bench failed:', error instanceof Error ? (error.stack ?? error.message) : error)
    process.exitCode = 1
    setTimeout(() => process.exit(1), 2_000).unref()
  },
)
