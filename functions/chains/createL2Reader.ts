import type { PublicClient } from 'viem'
import { createRpcClient } from '../rpc/createRpcClient.js'
import { systemClock } from '../systemClock.js'
import type { L2Heads, RpcAgreement } from '../types.js'
import { readL2Heads, type ReadL2HeadsParameters } from './readL2Heads.js'
import { type EndpointHead, readL2HeadsFromRpcs } from './readL2HeadsFromRpcs.js'

export interface L2Reader {
  /** A client for other L2 reads (fails over across the configured URLs). */
  readonly client: PublicClient
  /** One client per configured URL (or the injected one): answers that must agree are asked of each. */
  readonly clients: readonly PublicClient[]
  /** `now` (unix s, the tick's clock; default the system clock) judges endpoints' heads against the wall clock. */
  read(options: ReadL2HeadsParameters & { now?: number }): Promise<{ heads: L2Heads; agreement?: RpcAgreement }>
}

/**
 * L2 head reads for an adapter. One URL (or an injected client): one batched request. Several URLs: each is
 * asked for its head so disagreement is seen (readL2HeadsFromRpcs), at one extra request per extra URL.
 */
export function createL2Reader(chain: { l2Rpc: readonly string[]; rpcTimeoutMs?: number | undefined }, injected?: PublicClient): L2Reader {
  const client = injected ?? createRpcClient({ urls: chain.l2Rpc, timeoutMs: chain.rpcTimeoutMs })
  if (injected || chain.l2Rpc.length < 2)
    return { client, clients: [client], read: async ({ now: _now, ...batch }) => ({ heads: await readL2Heads(client, batch) }) }
  const rpcs = chain.l2Rpc.map((url) => ({ url, client: createRpcClient({ urls: [url], timeoutMs: chain.rpcTimeoutMs, retryCount: 0 }) }))
  // Each endpoint's head between ticks of this process, so one whose head number stopped rising loses.
  const seen = new Map<string, EndpointHead>()
  return { client, clients: rpcs.map((rpc) => rpc.client), read: ({ now = systemClock(), ...batch }) => readL2HeadsFromRpcs(rpcs, { ...batch, now, seen }) }
}
