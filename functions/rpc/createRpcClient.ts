import { type Chain, createPublicClient, fallback, http, type PublicClient, type Transport } from 'viem'
import { rememberSecretUrl } from './redact.js'

/** Per-request timeout when a chain sets no `rpcTimeoutMs`. */
export const defaultRpcTimeoutMs = 8_000

export interface CreateRpcClientParameters {
  readonly urls: readonly string[]
  /** Per-request timeout in ms: the longest one request to one URL may take, retries included. */
  readonly timeoutMs?: number | undefined
  readonly chain?: Chain
  /**
   * Retries per URL before failing over. Default 0: viem retries timeouts too, so each retry adds a whole
   * `timeoutMs` (one hanging provider held a tick for twice its timeout); the next tick is the retry.
   */
  readonly retryCount?: number
}

/**
 * A viem public client for a list of RPC URLs: JSON-RPC batching (concurrent calls share one HTTP request),
 * failover across URLs in order, no response caching (a monitor must see the chain as it is now).
 */
export function createRpcClient({ urls, timeoutMs = defaultRpcTimeoutMs, chain, retryCount = 0 }: CreateRpcClientParameters): PublicClient {
  for (const url of urls) rememberSecretUrl(url)
  const transports = urls.map((url) => http(url, { batch: true, timeout: timeoutMs, retryCount, retryDelay: 150 }))
  const transport: Transport =
    transports.length === 1 ? transports[0]! : fallback(transports, { rank: false, retryCount: 0 })
  return createPublicClient({ chain, transport, cacheTime: 0, batch: { multicall: false } }) as PublicClient
}
