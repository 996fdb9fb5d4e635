import { type Chain, createPublicClient, fallback, http, type PublicClient, type Transport } from 'viem'

export interface CreateRpcClientParameters {
  readonly urls: readonly string[]
  /** Per-request timeout in ms. */
  readonly timeoutMs?: number
  readonly chain?: Chain
  /** Retries per URL before failing over (viem default is 3, too slow for a 15 s tick). */
  readonly retryCount?: number
}

/**
 * A viem public client for a list of RPC URLs: JSON-RPC batching (concurrent calls share one HTTP request),
 * failover across URLs in order, no response caching (a monitor must see the chain as it is now).
 */
export function createRpcClient({ urls, timeoutMs = 8_000, chain, retryCount = 1 }: CreateRpcClientParameters): PublicClient {
  const transports = urls.map((url) => http(url, { batch: true, timeout: timeoutMs, retryCount, retryDelay: 150 }))
  const transport: Transport =
    transports.length === 1 ? transports[0]! : fallback(transports, { rank: false, retryCount: 0 })
  return createPublicClient({ chain, transport, cacheTime: 0, batch: { multicall: false } }) as PublicClient
}
