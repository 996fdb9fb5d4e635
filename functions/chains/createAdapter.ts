import type { ChainConfig } from '../config/schema.js'
import type { AdapterContext } from './AdapterContext.js'
import { createArbitrumAdapter } from './arbitrum/createArbitrumAdapter.js'
import type { ChainAdapter } from './ChainAdapter.js'
import { createEvmAdapter } from './evm/createEvmAdapter.js'
import { createLineaAdapter } from './linea/createLineaAdapter.js'
import { createOpStackAdapter } from './op-stack/createOpStackAdapter.js'
import { createScrollAdapter } from './scroll/createScrollAdapter.js'
import { createZksyncAdapter } from './zksync/createZksyncAdapter.js'

export function createAdapter(chain: ChainConfig, context: AdapterContext = {}): ChainAdapter {
  switch (chain.stack) {
    case 'op-stack':
      return createOpStackAdapter(chain, context)
    case 'arbitrum':
      return createArbitrumAdapter(chain, context)
    case 'zksync':
      return createZksyncAdapter(chain, context)
    case 'scroll':
      return createScrollAdapter(chain, context)
    case 'linea':
      return createLineaAdapter(chain, context)
    case 'evm':
      return createEvmAdapter(chain, context)
  }
}
