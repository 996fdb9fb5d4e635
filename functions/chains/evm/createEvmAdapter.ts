import type { EvmChainConfig } from '../../config/schema.js'
import type { AdapterContext } from '../AdapterContext.js'
import { blockTimeFromHeads } from '../blockTimeFromHeads.js'
import type { ChainAdapter } from '../ChainAdapter.js'
import { createL2Reader } from '../createL2Reader.js'
import { toReading } from '../toReading.js'

/** Any EVM chain with only an RPC: liveness, plus sequencer lag where the node serves a `safe` tag. */
export function createEvmAdapter(chain: EvmChainConfig, context: AdapterContext = {}): ChainAdapter {
  const l2 = createL2Reader(chain, context.l2Client)
  return {
    chain,
    async observe(now, { recheck } = {}) {
      const read = await toReading(l2.read({ withSafeTags: true, now, recheck }))
      if (!read.ok) return { chain: chain.name, stack: 'evm', l2: read }
      const { heads, agreement } = read.value
      return {
        chain: chain.name,
        stack: 'evm',
        l2: { ok: true, value: heads },
        parameters: blockTimeFromHeads(heads),
        ...(agreement ? { l2Agreement: agreement } : {}),
      }
    },
  }
}
