import type { BreakerActionConfig } from '../config/breakerSchema.js'
import type { ChainConfig } from '../config/schema.js'
import type { BreakerHostConfig } from './BreakerContext.js'

/** The chain an action watches (config validation makes sure it exists). */
export function watchedChain(config: BreakerHostConfig, action: BreakerActionConfig): ChainConfig {
  const chain = config.chains.find((c) => c.name === action.chain)
  if (!chain) throw new Error(`breaker action ${action.name}: no configured chain is named "${action.chain}"`)
  return chain
}
