// Benchmark at scale: 2,000 chains in one tick, every 10th answering HTTP 500 with a 150 KB HTML page, and one
// whose RPC never answers. Goal (issue 10, item 5): no DynamoDB item-size failure (dynalite enforces the 400 KB
// limit as DynamoDB does), bounded heartbeat and state items, and (item 4) the hung chain held to its timeout.
//
// One anvil L2 serves the healthy chains (plain `evm` stack: liveness, sequencer lag, RPC checks) through a loopback
// cache that answers identical JSON-RPC calls within a second from one anvil answer: 1,800 chains would each have
// their own provider in production, and one anvil cannot answer 1,800 requests at once. The runtime is built as
// the CLI builds it (createRuntime, embedded store, no notifiers).
//
// Used by `npm run bench` (test/bench/bench.ts); on its own: `npx tsx test/bench/benchScale.ts`.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { validateConfig } from '../../functions/config/parseConfig.js'
import type { WatchtowerConfigInput } from '../../functions/config/schema.js'
import { createRuntime } from '../../functions/runtime/createRuntime.js'
import { runTick } from '../../functions/tick.js'
import type { Status } from '../../functions/types.js'
import { type Anvil, startAnvil } from '../devnet/anvil.js'

export const SCALE_CHAINS = Number(process.env.SCALE_CHAINS ?? 2_000)
const ERROR_EVERY = 10
const ERROR_PAGE_BYTES = 150_000
const HUNG_TIMEOUT_MS = 1_000
/** DynamoDB's item limit, which dynalite enforces too. */
const ITEM_LIMIT_BYTES = 400 * 1024

export interface ScaleTick {
  readonly label: 'cold' | 'steady'
  readonly ms: number
  readonly verdicts: number
  readonly counts: Record<Status, number>
  /** Reason of the hung chain's liveness verdict. */
  readonly hung: string
  /** Chains with a healthy RPC that still read unknown (answers processed after their timeout). */
  readonly lateHealthy: number
}

export interface ScaleBench {
  readonly chains: number
  readonly erroring: number
  readonly ticks: readonly ScaleTick[]
  readonly heartbeatBytes: number
  readonly largestStateBytes: number
  readonly longestReason: number
  readonly itemLimitBytes: number
  readonly pass: boolean
}

/** JSON-RPC calls answered from anvil at most once a second per method and params; ids rewritten per caller. */
function startCoalescingCache(target: string): { server: Server; requests: () => number } {
  const answers = new Map<string, { at: number; answer: Promise<{ result?: unknown; error?: unknown }> }>()
  let requests = 0
  const ask = (method: string, params: unknown) => {
    const key = `${method}:${JSON.stringify(params)}`
    const cached = answers.get(key)
    if (cached && performance.now() - cached.at < 1_000) return cached.answer
    const answer = fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) })
      .then((response) => response.json() as Promise<{ result?: unknown; error?: unknown }>)
      .then(({ result, error }) => (error === undefined ? { result } : { error }))
    answers.set(key, { at: performance.now(), answer })
    return answer
  }
  const server = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')))
    request.on('end', () => {
      requests += 1
      const calls = JSON.parse(body) as { id: number; method: string; params: unknown } | { id: number; method: string; params: unknown }[]
      const list = Array.isArray(calls) ? calls : [calls]
      Promise.all(list.map(async (call) => ({ jsonrpc: '2.0', id: call.id, ...(await ask(call.method, call.params)) }))).then(
        (replies) => {
          response.writeHead(200, { 'content-type': 'application/json' })
          response.end(JSON.stringify(Array.isArray(calls) ? replies : replies[0]))
        },
        () => response.writeHead(502).end(),
      )
    })
  })
  return { server, requests: () => requests }
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

export async function benchScale(): Promise<ScaleBench> {
  const page = `<html><head></head><body>${'<p>upstream connect error or disconnect/reset before headers</p>'.repeat(ERROR_PAGE_BYTES / 64)}</body></html>`
  const erroring = createServer((_request, response) => {
    response.writeHead(500, { 'content-type': 'text/html' })
    response.end(page)
  })
  const hanging = createServer(() => {})
  let l2: Anvil | undefined
  let cache: ReturnType<typeof startCoalescingCache> | undefined
  try {
    l2 = await startAnvil({ slotsInAnEpoch: 2, blockTime: 1 })
    cache = startCoalescingCache(l2.url)
    const [errorUrl, hungUrl, cacheUrl] = await Promise.all([listen(erroring), listen(hanging), listen(cache.server)])
    const chains: WatchtowerConfigInput['chains'] = Array.from({ length: SCALE_CHAINS }, (_, i) => {
      const name = `chain-${String(i).padStart(4, '0')}`
      if (i === 1) return { name, stack: 'evm', l2Rpc: [`${hungUrl}/`], rpcTimeoutMs: HUNG_TIMEOUT_MS }
      return { name, stack: 'evm', l2Rpc: [i % ERROR_EVERY === 0 ? `${errorUrl}/v2/KEY${i}abcdef` : cacheUrl] }
    })
    const isHealthy = (chain: string) => {
      const i = Number(chain.slice('chain-'.length))
      return i !== 1 && i % ERROR_EVERY !== 0
    }
    const runtime = await createRuntime({ config: validateConfig({ chains }, 'bench:scale'), store: { kind: 'embedded' }, env: {}, consoleWrite: false })
    try {
      const ticks: ScaleTick[] = []
      for (const label of ['cold', 'steady'] as const) {
        const started = performance.now()
        // A tick that failed on an item size would throw here.
        const result = await runTick(runtime)
        const counts: Record<Status, number> = { ok: 0, warn: 0, crit: 0, unknown: 0 }
        for (const verdict of result.results) counts[verdict.status] += 1
        const hung = result.results.find((r) => r.chain === 'chain-0001' && r.check === 'liveness')?.reason ?? '(none)'
        const lateHealthy = new Set(result.results.filter((r) => r.status === 'unknown' && isHealthy(r.chain)).map((r) => r.chain)).size
        ticks.push({ label, ms: Math.round(performance.now() - started), verdicts: result.results.length, counts, hung, lateHealthy })
      }
      const heartbeatBytes = JSON.stringify(await runtime.store.getHeartbeat()).length
      const states = [...(await runtime.store.getCheckStates()).values()]
      const largestStateBytes = Math.max(...states.map((state) => JSON.stringify(state).length))
      const longestReason = Math.max(...states.map((state) => state.reason.length))
      const healthyOk = ticks.every((tick) => tick.counts.ok > 0)
      return {
        chains: SCALE_CHAINS,
        erroring: Math.ceil(SCALE_CHAINS / ERROR_EVERY),
        ticks,
        heartbeatBytes,
        largestStateBytes,
        longestReason,
        itemLimitBytes: ITEM_LIMIT_BYTES,
        pass: healthyOk && heartbeatBytes < ITEM_LIMIT_BYTES / 4 && largestStateBytes < ITEM_LIMIT_BYTES / 4,
      }
    } finally {
      await runtime.close()
    }
  } finally {
    erroring.closeAllConnections()
    hanging.closeAllConnections()
    cache?.server.closeAllConnections()
    erroring.close()
    hanging.close()
    cache?.server.close()
    await l2?.stop()
  }
}

export function formatScaleBench(b: ScaleBench): string {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
  return [
    `Scale: ${b.chains} evm chains in one tick (${b.erroring} answering HTTP 500 with a ${ERROR_PAGE_BYTES / 1000} KB HTML page, 1 hanging at rpcTimeoutMs ${HUNG_TIMEOUT_MS})`,
    ...b.ticks.map(
      (t) =>
        `  ${t.label.padEnd(6)} tick ${String(t.ms).padStart(6)} ms  ${t.verdicts} verdicts: ${t.counts.ok} ok, ${t.counts.warn} warn, ${t.counts.crit} crit, ${t.counts.unknown} unknown` +
        `; healthy chains read late: ${t.lateHealthy}; hung chain: ${t.hung}`,
    ),
    '  one process runs the tick, dynalite, the RPC cache and the AWS SDK for every chain: on a loaded machine answers' +
      ' are processed after their timeout (late healthy chains); in Lambda the table is remote',
    `  items (DynamoDB limit ${kb(b.itemLimitBytes)}): heartbeat ${kb(b.heartbeatBytes)}, largest chain×check state ${kb(b.largestStateBytes)}, longest stored reason ${b.longestReason} chars  ${b.pass ? 'PASS' : 'MISS'}`,
  ].join('\n')
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  benchScale().then(
    (b) => {
      console.log(formatScaleBench(b))
      console.log(`BENCH_SCALE_JSON ${JSON.stringify(b)}`)
      setTimeout(() => process.exit(b.pass ? 0 : 1), 500).unref()
    },
    (error: unknown) => {
      console.error('bench:scale failed:', error)
      process.exit(1)
    },
  )
}
