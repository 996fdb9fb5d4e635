import type { ChainConfig } from '../config/schema.js'
import type { ChainAdapter } from './ChainAdapter.js'
import { createEvmAdapter } from './evm/createEvmAdapter.js'
import { createOpStackAdapter } from './op-stack/createOpStackAdapter.js'

export function createAdapter(chain: ChainConfig): ChainAdapter {
  switch (chain.stack) {
    case 'op-stack':
      return createOpStackAdapter(chain)
    case 'evm':
      return createEvmAdapter(chain)
  }
}
