import type { PublicClient } from 'viem'
import type { BreakerActionConfig } from '../config/breakerSchema.js'
import type { ChainConfig } from '../config/schema.js'
import { WatchtowerError } from '../errors/WatchtowerError.js'
import { createRpcClient } from '../rpc/createRpcClient.js'
import { explorerForChainId } from './explorers.js'

/** A chain the breaker sends to: the watched L2, its L1, or a sibling chain. */
export interface Endpoint {
  /** `op-mainnet`, `op-mainnet L1`. */
  readonly label: string
  readonly urls: readonly string[]
  readonly timeoutMs?: number
  /** Configured explorer; links fall back to well-known explorers by chain id. */
  readonly explorer?: string
}

export function l2Endpoint(chain: ChainConfig): Endpoint {
  return { label: chain.name, urls: chain.l2Rpc, ...(chain.rpcTimeoutMs ? { timeoutMs: chain.rpcTimeoutMs } : {}), ...(chain.explorer ? { explorer: chain.explorer } : {}) }
}

export function l1Endpoint(chain: ChainConfig, l1Explorer?: string): Endpoint | undefined {
  const urls = 'l1Rpc' in chain ? chain.l1Rpc : undefined
  if (!urls?.length) return undefined
  return { label: `${chain.name} L1`, urls, ...(chain.rpcTimeoutMs ? { timeoutMs: chain.rpcTimeoutMs } : {}), ...(l1Explorer ? { explorer: l1Explorer } : {}) }
}

/** Where `target.chain` points: `l2` → the watched chain, `l1` → its L1, a name → that chain's L2. */
export function targetEndpoint(
  action: Pick<BreakerActionConfig, 'chain' | 'target'>,
  chains: readonly ChainConfig[],
  l1Explorer?: string,
): Endpoint {
  const watched = chains.find((chain) => chain.name === action.chain)
  if (!watched) throw new WatchtowerError(`no configured chain is named "${action.chain}"`)
  const target = action.target.chain
  if (target === 'l2') return l2Endpoint(watched)
  if (target === 'l1') {
    const l1 = l1Endpoint(watched, l1Explorer)
    if (!l1) throw new WatchtowerError(`chain "${watched.name}" has no l1Rpc`)
    return l1
  }
  const sibling = chains.find((chain) => chain.name === target)
  if (!sibling) throw new WatchtowerError(`no configured chain is named "${target}"`)
  return l2Endpoint(sibling)
}

/** RPC clients and chain ids, built once per endpoint and kept for the process (or Lambda container). */
export class EndpointClients {
  private readonly clients = new Map<string, PublicClient>()
  private readonly chainIds = new Map<string, number>()

  client(endpoint: Endpoint): PublicClient {
    const key = endpoint.urls.join(' ')
    let client = this.clients.get(key)
    if (!client) {
      client = createRpcClient({ urls: endpoint.urls, ...(endpoint.timeoutMs ? { timeoutMs: endpoint.timeoutMs } : {}) })
      this.clients.set(key, client)
    }
    return client
  }

  /** eth_chainId, asked once per endpoint (a chain id does not change). */
  async chainId(endpoint: Endpoint): Promise<number> {
    const key = endpoint.urls.join(' ')
    const known = this.chainIds.get(key)
    if (known !== undefined) return known
    const id = await this.client(endpoint).getChainId()
    this.chainIds.set(key, id)
    return id
  }

  knownChainId(endpoint: Endpoint): number | undefined {
    return this.chainIds.get(endpoint.urls.join(' '))
  }

  explorer(endpoint: Endpoint): string | undefined {
    return endpoint.explorer ?? explorerForChainId(this.knownChainId(endpoint))
  }
}
