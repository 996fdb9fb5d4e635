// Loopback JSON-RPC proxy for tests: counts requests and methods, logs each call's params, and can fail,
// slow down, hold a block tag still (e.g. `safe` not advancing) or refuse wide eth_getLogs ranges in front of
// a real node.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** `latest` frozen: an endpoint stuck on an old head (its `safe`/`finalized` are frozen with it by the caller). */
export type FrozenTag = 'latest' | 'safe' | 'finalized'
/** '503': answer HTTP 503; 'reset': destroy the socket without a response; false: healthy. */
export type DownMode = '503' | 'reset' | false

/** One JSON-RPC call as received (before tag rewriting). */
export interface RecordedCall {
  readonly method: string
  readonly params: unknown
}

export interface RpcProxy {
  url: string
  /** HTTP requests received (a JSON-RPC batch is one request), including those refused while down. */
  readonly requestCount: number
  /** JSON-RPC calls received per method (each batch entry counts). */
  readonly methodCounts: Readonly<Record<string, number>>
  /** JSON-RPC methods in the order received. */
  readonly methods: readonly string[]
  /** JSON-RPC calls with their params, in the order received. */
  readonly requests: readonly RecordedCall[]
  resetCounts(): void
  /** `true` is the same as '503'. */
  setDown(mode: DownMode | boolean): void
  /** Rewrite the tag to a fixed block number in requests (null lifts the freeze). */
  freezeTag(tag: FrozenTag, block: bigint | null): void
  /** Delay before forwarding each request, in ms. */
  setDelay(ms: number): void
  /**
   * Refuse eth_getLogs calls spanning more than `maxBlocks` blocks with a JSON-RPC error, as public providers
   * do (`{ code: -32005, message: 'query exceeds max block range 1000' }`); null lifts the cap.
   */
  capLogRange(maxBlocks: number | null): void
  /**
   * Rewrite each successful result before it is answered (e.g. add Nitro's `sendRoot` to blocks, or answer a
   * method the node lacks: return a result for a call the node refused); null lifts it.
   */
  rewriteResults(hook: ResultRewrite | null): void
  stop(): Promise<void>
}

/** A call's result as the node answered it (undefined with `error` when it refused); returns what to answer. */
export type ResultRewrite = (call: RecordedCall, result: unknown, error: unknown) => { result: unknown } | undefined

interface JsonRpcRequest {
  jsonrpc?: string
  id?: unknown
  method?: unknown
  params?: unknown
}

export async function startRpcProxy(target: string): Promise<RpcProxy> {
  let requestCount = 0
  let methodCounts: Record<string, number> = {}
  let methods: string[] = []
  let requests: RecordedCall[] = []
  let down: DownMode = false
  let logRangeCap: bigint | null = null
  let delayMs = 0
  let resultRewrite: ResultRewrite | null = null
  const frozen = new Map<FrozenTag, string>()

  // Replace a frozen tag wherever a block tag can appear: top-level params (eth_getBlockByNumber,
  // eth_call, eth_getBalance, ...) and eth_getLogs' fromBlock/toBlock.
  const rewriteTag = (value: unknown): unknown =>
    typeof value === 'string' && frozen.has(value as FrozenTag) ? frozen.get(value as FrozenTag) : value
  const rewrite = (call: JsonRpcRequest): JsonRpcRequest => {
    if (frozen.size === 0 || !Array.isArray(call.params)) return call
    const params = call.params.map((p: unknown) => {
      if (call.method === 'eth_getLogs' && p && typeof p === 'object') {
        const filter = p as Record<string, unknown>
        return { ...filter, fromBlock: rewriteTag(filter.fromBlock), toBlock: rewriteTag(filter.toBlock) }
      }
      return rewriteTag(p)
    })
    return { ...call, params }
  }

  const record = (call: JsonRpcRequest): void => {
    const method = typeof call.method === 'string' ? call.method : '<invalid>'
    methods.push(method)
    methodCounts[method] = (methodCounts[method] ?? 0) + 1
    requests.push({ method, params: call.params })
  }

  const upstreamCall = async (method: string, params: unknown[]): Promise<unknown> => {
    const res = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    })
    return ((await res.json()) as { result?: unknown }).result
  }

  /** The block number a filter bound stands for (tags resolve to the node's head, as providers do). */
  const blockOf = async (bound: unknown, head: () => Promise<bigint>): Promise<bigint> => {
    if (typeof bound === 'string' && /^0x[0-9a-f]+$/i.test(bound)) return BigInt(bound)
    if (bound === 'earliest') return 0n
    return head()
  }

  /** The error a capped provider answers an eth_getLogs call with, or undefined when the range is allowed. */
  const rangeRefusal = async (call: JsonRpcRequest, head: () => Promise<bigint>): Promise<object | undefined> => {
    if (logRangeCap === null || call.method !== 'eth_getLogs' || !Array.isArray(call.params)) return undefined
    const filter = call.params[0] as Record<string, unknown> | undefined
    if (!filter || filter.blockHash !== undefined) return undefined
    const span = (await blockOf(filter.toBlock, head)) - (await blockOf(filter.fromBlock, head)) + 1n
    if (span <= logRangeCap) return undefined
    return { jsonrpc: '2.0', id: call.id ?? null, error: { code: -32005, message: `query exceeds max block range ${logRangeCap}` } }
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    requestCount++
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    let body = Buffer.concat(chunks).toString('utf8')
    let parsed: JsonRpcRequest | JsonRpcRequest[] | undefined

    try {
      parsed = JSON.parse(body) as JsonRpcRequest | JsonRpcRequest[]
      const calls = Array.isArray(parsed) ? parsed : [parsed]
      calls.forEach(record)
      body = JSON.stringify(Array.isArray(parsed) ? parsed.map(rewrite) : rewrite(parsed))
    } catch {
      // Not JSON: forward untouched and let the node answer with its parse error.
    }

    if (down === 'reset') {
      req.socket.destroy()
      return
    }
    if (down === '503') {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('rpc proxy: down')
      return
    }
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs))

    if (logRangeCap !== null && parsed !== undefined) {
      const calls = Array.isArray(parsed) ? parsed : [parsed]
      let head: Promise<bigint> | undefined
      const headOnce = () => (head ??= upstreamCall('eth_blockNumber', []).then((n) => BigInt(n as string)))
      const refusals = await Promise.all(calls.map((call) => rangeRefusal(call, headOnce)))
      if (refusals.some((refusal) => refusal !== undefined)) {
        await answerWithRefusals(res, parsed, refusals)
        return
      }
    }

    try {
      const upstream = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
      const text = rewriteAnswers(parsed, await upstream.text())
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' })
      res.end(text)
    } catch (err) {
      res.writeHead(502, { 'content-type': 'text/plain' }).end(`rpc proxy: upstream failed: ${String(err)}`)
    }
  }

  /** Applies the result rewrite to each answer of a JSON response, matched to its call by id. */
  const rewriteAnswers = (parsed: JsonRpcRequest | JsonRpcRequest[] | undefined, text: string): string => {
    if (!resultRewrite || parsed === undefined) return text
    const hook = resultRewrite
    const calls = Array.isArray(parsed) ? parsed : [parsed]
    const byId = new Map(calls.map((call) => [JSON.stringify(call.id), call]))
    const one = (answer: { id?: unknown; result?: unknown; error?: unknown }) => {
      const call = byId.get(JSON.stringify(answer.id))
      const method = typeof call?.method === 'string' ? call.method : '<invalid>'
      const rewritten = call ? hook({ method, params: call.params }, answer.result, answer.error) : undefined
      if (!rewritten) return answer
      const { error: _error, ...rest } = answer
      return { ...rest, result: rewritten.result }
    }
    try {
      const answers = JSON.parse(text) as { id?: unknown } | { id?: unknown }[]
      return JSON.stringify(Array.isArray(answers) ? answers.map(one) : one(answers))
    } catch {
      return text
    }
  }

  /** Refused calls get their error; the others still go upstream (as one batch) and keep their order. */
  const answerWithRefusals = async (
    res: ServerResponse,
    parsed: JsonRpcRequest | JsonRpcRequest[],
    refusals: readonly (object | undefined)[],
  ): Promise<void> => {
    if (!Array.isArray(parsed)) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(refusals[0]))
      return
    }
    const forwarded = parsed.filter((_, i) => refusals[i] === undefined).map(rewrite)
    let answers: { id?: unknown }[] = []
    if (forwarded.length > 0) {
      const upstream = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(forwarded) })
      answers = (await upstream.json()) as { id?: unknown }[]
    }
    const byId = new Map(answers.map((answer) => [JSON.stringify(answer.id), answer]))
    const merged = parsed.map((call, i) => refusals[i] ?? byId.get(JSON.stringify(call.id)))
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(merged))
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end()
      else res.destroy()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo

  let stopped: Promise<void> | undefined
  return {
    url: `http://127.0.0.1:${port}`,
    get requestCount() {
      return requestCount
    },
    get methodCounts() {
      return methodCounts
    },
    get methods() {
      return methods
    },
    get requests() {
      return requests
    },
    resetCounts() {
      requestCount = 0
      methodCounts = {}
      methods = []
      requests = []
    },
    setDown(mode) {
      down = mode === true ? '503' : mode
    },
    freezeTag(tag, block) {
      if (block === null) frozen.delete(tag)
      else frozen.set(tag, `0x${block.toString(16)}`)
    },
    setDelay(ms) {
      delayMs = ms
    },
    rewriteResults(hook) {
      resultRewrite = hook
    },
    capLogRange(maxBlocks) {
      logRangeCap = maxBlocks === null ? null : BigInt(maxBlocks)
    },
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        // Clients (fetch/undici) keep connections alive; without this close() waits for them.
        server.closeAllConnections()
      })
      return stopped
    },
  }
}
