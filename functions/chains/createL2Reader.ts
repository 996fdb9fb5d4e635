import type { PublicClient } from 'viem'
import { createRpcClient } from '../rpc/createRpcClient.js'
import type { L2Heads, RpcAgreement } from '../types.js'
import { readL2Heads } from './readL2Heads.js'
import { readL2HeadsFromRpcs } from './readL2HeadsFromRpcs.js'

export interface L2Reader {
  /** A client for other L2 reads (fails over across the configured URLs). */
  readonly client: PublicClient
  read(options: { withSafeTags: boolean }): Promise<{ heads: L2Heads; agreement?: RpcAgreement }>
}

/**
 * L2 head reads for an adapter. One URL (or an injected client): one batched request. Several URLs: each is
 * asked for its head so disagreement is seen (readL2HeadsFromRpcs), at one extra request per extra URL.
 */
export function createL2Reader(chain: { l2Rpc: readonly string[]; rpcTimeoutMs?: number | undefined }, injected?: PublicClient): L2Reader {
  const client = injected ?? createRpcClient({ urls: chain.l2Rpc, timeoutMs: chain.rpcTimeoutMs })
  if (injected || chain.l2Rpc.length < 2)
    return { client, read: async (options) => ({ heads: await readL2Heads(client, options) }) }
  const rpcs = chain.l2Rpc.map((url) => ({ url, client: createRpcClient({ urls: [url], timeoutMs: chain.rpcTimeoutMs, retryCount: 0 }) }))
  return { client, read: (options) => readL2HeadsFromRpcs(rpcs, options) }
}
