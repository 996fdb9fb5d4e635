// Drives a generic EVM chain along a replay timeline on the shared core (createReplayDriver): the head only, no L1
// contracts; `safe` is the node's own. The replay's L1 anvil carries the breaker's shadow target (the chain's l1Rpc).
import type { ChainDriver, DriverOptions } from './ChainDriver.js'
import { createReplayDriver } from './createReplayDriver.js'
import type { ScenarioChain } from './scenarioSchema.js'

export function createEvmDriver(chain: ScenarioChain, options: DriverOptions): Promise<ChainDriver> {
  return createReplayDriver(chain, options, {
    l1ChainId: 900,
    l2ChainId: 902,
    setup: async () => ({
      // l1Rpc: only the L1 the breaker's shadow target lives on (the EVM adapter reads no L1).
      configInput: (l2Rpc, l1Rpc) => ({ name: chain.name, stack: 'evm', l2Rpc, l1Rpc: [l1Rpc] }),
      blockTransactions: { system: 0, user: 2 },
    }),
  })
}
