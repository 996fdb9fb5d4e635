import type { ChainConfig } from '../config/schema.js'
import { createRpcClient } from '../rpc/createRpcClient.js'
import type { AdapterContext } from './AdapterContext.js'
import { createArbitrumAdapter } from './arbitrum/createArbitrumAdapter.js'
import type { ChainAdapter } from './ChainAdapter.js'
import { createEvmAdapter } from './evm/createEvmAdapter.js'
import { createLineaAdapter } from './linea/createLineaAdapter.js'
import { createOpStackAdapter } from './op-stack/createOpStackAdapter.js'
import { createScrollAdapter } from './scroll/createScrollAdapter.js'
import { withOperatorBalances } from './withOperatorBalances.js'
import { createZksyncAdapter } from './zksync/createZksyncAdapter.js'

export function createAdapter(chain: ChainConfig, context: AdapterContext = {}): ChainAdapter {
  if (chain.stack === 'op-stack') return createOpStackAdapter(chain, context)
  if (chain.stack === 'evm') return createEvmAdapter(chain, context)
  // Configured operator wallets: their balances share the adapter's L1 client, hence its first L1 batch.
  const l1 = chain.operators ? (context.l1Client ?? createRpcClient({ urls: chain.l1Rpc, timeoutMs: chain.rpcTimeoutMs })) : undefined
  const shared = l1 ? { ...context, l1Client: l1 } : context
  const adapter = (() => {
    switch (chain.stack) {
      case 'arbitrum':
        return createArbitrumAdapter(chain, shared)
      case 'zksync':
        return createZksyncAdapter(chain, shared)
      case 'scroll':
        return createScrollAdapter(chain, shared)
      case 'linea':
        return createLineaAdapter(chain, shared)
    }
  })()
  return l1 ? withOperatorBalances(adapter, l1, chain.operators) : adapter
}
