import type { Address } from 'viem'
import type { ScrollChainConfig } from '../../config/schema.js'
import { createRpcClient } from '../../rpc/createRpcClient.js'
import { findMulticall3 } from '../../rpc/findMulticall3.js'
import type { BatchObservation, ChainParameters, L2Heads, Reading, StateRootObservation, RpcAgreement } from '../../types.js'
import type { AdapterContext } from '../AdapterContext.js'
import { blockTimeFromHeads } from '../blockTimeFromHeads.js'
import type { ChainAdapter } from '../ChainAdapter.js'
import { createL2Reader } from '../createL2Reader.js'
import { toReading } from '../toReading.js'
import { createBlockTimeTracker } from './createBlockTimeTracker.js'
import { createMemoryCursorStore } from '../createMemoryCursorStore.js'
import { discoverScrollContracts, type ScrollContracts } from './discoverScrollContracts.js'
import { readScrollChainState, type ScrollChainState } from './readScrollChainState.js'
import { scrollDepositsObservation } from './scrollDepositsObservation.js'
import { scanBatchLogs } from './scanBatchLogs.js'
import { scrollBatchObservation } from './scrollBatchObservation.js'
import { scrollStateRootObservation } from './scrollStateRootObservation.js'

/** SystemConfig / message queue addresses are looked up again this often: ScrollChain upgrades can move them. */
export const rediscoverySeconds = 3600

/**
 * Scroll: L2 heads from l2geth; batches and finalization from ScrollChain on L1 (`miscData()`, CommitBatch /
 * RevertBatch logs) and the enforced-mode clock from SystemConfig `enforcedBatchParameters()`.
 * Steady state per tick: one L2 request, one L1 multicall (with the L1 head), one L1 batch of two eth_getLogs,
 * plus one L1 block read when a new CommitBatch's log carries no block time: at most 4 HTTP requests.
 */
export function createScrollAdapter(chain: ScrollChainConfig, context: AdapterContext = {}): ChainAdapter {
  const l1 = context.l1Client ?? createRpcClient({ urls: chain.l1Rpc, timeoutMs: chain.rpcTimeoutMs })
  const l2Reader = createL2Reader(chain, context.l2Client)
  /** How several L2 RPCs agreed on the last read (rpc-divergence). */
  let agreement: RpcAgreement | undefined
  const cursors = context.cursors ?? createMemoryCursorStore()
  const maxRange = chain.logScan?.maxRange !== undefined ? BigInt(chain.logScan.maxRange) : undefined
  const lookback = chain.logScan?.lookback !== undefined ? BigInt(chain.logScan.lookback) : undefined

  let multicall: { address: Address | undefined } | undefined
  let discovered: { contracts: ScrollContracts; at: number } | undefined
  /** Last enforced-mode delay read, so thresholds do not fall back to defaults on a tick whose L1 read failed. */
  let maxDelayEnterEnforcedMode: number | undefined
  const blockTime = createBlockTimeTracker()

  async function readState(now: number): Promise<ScrollChainState> {
    multicall ??= { address: await findMulticall3(l1) }
    const multicallAddress = multicall.address
    if (!discovered || now - discovered.at >= rediscoverySeconds)
      discovered = { contracts: await discoverScrollContracts(l1, { contracts: chain.contracts, multicallAddress }), at: now }
    const state = await readScrollChainState(l1, { contracts: discovered.contracts, multicallAddress })
    if (state.maxDelayEnterEnforcedMode !== undefined) maxDelayEnterEnforcedMode = state.maxDelayEnterEnforcedMode
    return state
  }

  /** l2geth's `safe` tag has no documented meaning on Scroll: batch posting is measured on L1 instead. */
  async function readHeads(now: number, recheck: readonly bigint[] | undefined): Promise<L2Heads> {
    const read = await l2Reader.read({ withSafeTags: true, now, recheck })
    agreement = read.agreement
    const { latest, finalized, rechecked } = read.heads
    return { latest, ...(finalized ? { finalized } : {}), ...(rechecked ? { rechecked } : {}) }
  }

  return {
    chain,
    async observe(now, { recheck } = {}) {
      agreement = undefined
      const [heads, state] = await Promise.all([toReading(readHeads(now, recheck)), toReading(readState(now))])
      let batches: Reading<BatchObservation>
      let stateRoots: Reading<StateRootObservation>
      if (!state.ok) batches = stateRoots = state
      else {
        const logs = await toReading(
          scanBatchLogs(l1, {
            scrollChain: chain.contracts.scrollChain,
            head: state.value.l1Head.number,
            cursors,
            ...(maxRange !== undefined ? { maxRange } : {}),
            ...(lookback !== undefined ? { lookback } : {}),
          }),
        )
        // A failed log scan blinds the batch reading only: finalization comes from miscData alone.
        batches = logs.ok ? { ok: true, value: scrollBatchObservation(state.value, logs.value, now) } : logs
        stateRoots = { ok: true, value: scrollStateRootObservation(state.value, heads.ok ? heads.value.finalized : undefined) }
      }

      // `finalized` gives the block time at once; without it (no --rollup.verify) the heads of past ticks do.
      const tracked = heads.ok ? blockTime.observe(heads.value.latest) : undefined
      const measured = heads.ok ? (blockTimeFromHeads(heads.value).blockTimeSeconds ?? tracked) : undefined
      const parameters: ChainParameters = {
        ...(measured !== undefined ? { blockTimeSeconds: measured } : {}),
        ...(maxDelayEnterEnforcedMode !== undefined ? { forceInclusionWindowSeconds: maxDelayEnterEnforcedMode } : {}),
      }
      // The message queue (deposits) from the same L1 request; unknown with it when that failed and a queue was known.
      const deposits = state.ok ? scrollDepositsObservation(state.value, now) : discovered?.contracts.messageQueueV2 ? state : undefined
      return {
        chain: chain.name,
        stack: 'scroll',
        l2: heads,
        batches,
        stateRoots,
        parameters,
        ...(deposits ? { deposits } : {}),
        ...(agreement ? { l2Agreement: agreement } : {}),
      }
    },
  }
}
