import type { PublicClient } from 'viem'
import { toReading } from './toReading.js'
import type { ChainAdapter } from './ChainAdapter.js'
import { configuredOperators, readOperatorBalances } from './operatorBalances.js'

/**
 * The configured operator wallets' L1 balances for a stack whose adapter does not read them itself (every stack but
 * OP, which discovers its batcher and proposer and asks Multicall3.getEthBalance in its own first request). The
 * eth_getBalance calls start with the adapter's reads on the same client, so they share its first JSON-RPC batch.
 */
export function withOperatorBalances(adapter: ChainAdapter, l1: PublicClient, operators: Parameters<typeof configuredOperators>[0]): ChainAdapter {
  const wallets = configuredOperators(operators)
  if (wallets.length === 0) return adapter
  return {
    chain: adapter.chain,
    async observe(now, context) {
      const [observation, operatorBalances] = await Promise.all([adapter.observe(now, context), toReading(readOperatorBalances(l1, { wallets }))])
      return { ...observation, operatorBalances }
    },
  }
}
