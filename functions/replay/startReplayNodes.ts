import { type Anvil, startAnvil } from '../../test/devnet/anvil.js'
import { type RpcProxy, startRpcProxy } from '../../test/devnet/rpcProxy.js'

/**
 * States each node keeps, in memory and none on disk (anvil otherwise persists older states, and its cost per block
 * grew with them over a week's replay). Enough for a root on a block from before a backfill (≤ 3000 blocks) and a
 * week of sampled runs; nothing reads state further back.
 */
const keptStates = 5000
/**
 * The EVM of the replay's nodes. Since Prague each block writes its parent's hash into the EIP-2935 history contract,
 * so every state kept grows with the chain and each block mines slower than the last; no stack's reads need it.
 */
const hardfork = 'cancun'

export interface ReplayNodes {
  readonly l1: Anvil
  /** Mines only when told (the sampled L2). */
  readonly l2: Anvil
  /** One loopback proxy per L2 RPC of the scenario chain. */
  readonly proxies: RpcProxy[]
  stop(): Promise<void>
}

/** An L1 anvil, an L2 anvil that mines only on request, and `rpcs` proxies in front of the L2; all stopped on failure. */
export async function startReplayNodes(params: { l1ChainId: number; l2ChainId: number; rpcs: number; slotsInAnEpoch: number }): Promise<ReplayNodes> {
  const [l1, l2] = await Promise.all([
    startAnvil({ chainId: params.l1ChainId, pruneHistory: keptStates, hardfork }),
    startAnvil({ chainId: params.l2ChainId, slotsInAnEpoch: params.slotsInAnEpoch, noMining: true, pruneHistory: keptStates, hardfork }),
  ])
  const proxies: RpcProxy[] = []
  const stop = async () => {
    await Promise.all(proxies.map((proxy) => proxy.stop()))
    await Promise.all([l1.stop(), l2.stop()])
  }
  try {
    for (let i = 0; i < params.rpcs; i++) proxies.push(await startRpcProxy(l2.url))
  } catch (error) {
    await stop()
    throw error
  }
  return { l1, l2, proxies, stop }
}
