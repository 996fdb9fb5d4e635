import type { EvmChainConfig } from '../../config/schema.js'
import { createRpcClient } from '../../rpc/createRpcClient.js'
import type { ChainAdapter } from '../ChainAdapter.js'
import { blockTimeFromHeads } from '../blockTimeFromHeads.js'
import { readL2Heads } from '../readL2Heads.js'
import { toReading } from '../toReading.js'

/** Any EVM chain with only an RPC: liveness, plus sequencer lag where the node serves a `safe` tag. */
export function createEvmAdapter(chain: EvmChainConfig): ChainAdapter {
  const l2 = createRpcClient({ urls: chain.l2Rpc, timeoutMs: chain.rpcTimeoutMs })
  return {
    chain,
    async observe() {
      const l2Heads = await toReading(readL2Heads(l2, { withSafeTags: true }))
      return { chain: chain.name, stack: 'evm', l2: l2Heads, ...(l2Heads.ok ? { parameters: blockTimeFromHeads(l2Heads.value) } : {}) }
    },
  }
}
