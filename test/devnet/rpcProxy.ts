// Loopback JSON-RPC proxy for tests: counts requests and methods, and can fail, slow down or
// hold a block tag still (e.g. `safe` not advancing) in front of a real node.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export type FrozenTag = 'safe' | 'finalized'
/** '503': answer HTTP 503; 'reset': destroy the socket without a response; false: healthy. */
export type DownMode = '503' | 'reset' | false

export interface RpcProxy {
  url: string
  /** HTTP requests received (a JSON-RPC batch is one request), including those refused while down. */
  readonly requestCount: number
  /** JSON-RPC calls received per method (each batch entry counts). */
  readonly methodCounts: Readonly<Record<string, number>>
  /** JSON-RPC methods in the order received. */
  readonly methods: readonly string[]
  resetCounts(): void
  /** `true` is the same as '503'. */
  setDown(mode: DownMode | boolean): void
  /** Rewrite the tag to a fixed block number in requests (null lifts the freeze). */
  freezeTag(tag: FrozenTag, block: bigint | null): void
  /** Delay before forwarding each request, in ms. */
  setDelay(ms: number): void
  stop(): Promise<void>
}

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
  let down: DownMode = false
  let delayMs = 0
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
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    requestCount++
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    let body = Buffer.concat(chunks).toString('utf8')

    try {
      const parsed = JSON.parse(body) as JsonRpcRequest | JsonRpcRequest[]
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

    try {
      const upstream = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
      const text = await upstream.text()
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' })
      res.end(text)
    } catch (err) {
      res.writeHead(502, { 'content-type': 'text/plain' }).end(`rpc proxy: upstream failed: ${String(err)}`)
    }
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
    resetCounts() {
      requestCount = 0
      methodCounts = {}
      methods = []
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
