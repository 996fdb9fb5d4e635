import type { Address } from 'viem'
import { getBlock } from 'viem/actions'
import type { LineaChainConfig } from '../../config/schema.js'
import { createRpcClient } from '../../rpc/createRpcClient.js'
import { findMulticall3 } from '../../rpc/findMulticall3.js'
import type { BatchObservation, DepositsObservation, L2Heads, Reading, StateRootObservation, RpcAgreement } from '../../types.js'
import type { AdapterContext } from '../AdapterContext.js'
import { blockTimeFromHeads } from '../blockTimeFromHeads.js'
import type { ChainAdapter } from '../ChainAdapter.js'
import type { FoundLog } from '../LogCursor.js'
import { createL2Reader } from '../createL2Reader.js'
import { toReading } from '../toReading.js'
import { findLogById, type LogLookupResume } from '../findLogById.js'
import { dataFinalizedV3Event, dataSubmittedV2Event, dataSubmittedV3Event, rollingHashUpdatedL1Event } from './abis.js'
import { lineaDepositsObservation } from './lineaDepositsObservation.js'
import { createMemoryCursorStore } from '../createMemoryCursorStore.js'
import { pauseAlarms } from './pauseAlarms.js'
import { type LineaRollupState, readLineaRollup } from './readLineaRollup.js'
import { scanLatestLog } from '../scanLatestLog.js'

/**
 * Linea: L2 heads from the RPC's `latest` and `finalized` tags; data submissions (DataSubmittedV3, or V2 on older
 * deployments) and finalizations (DataFinalizedV3) from LineaRollup logs on L1, scanned incrementally from stored
 * cursors; the finalized L2 block from `currentL2BlockNumber()`; pause types as alarms. Linea has no
 * force-inclusion window and no finality delay (a finalization carries its proof), so neither parameter is set.
 * Steady state: one L2 request and two L1 requests per tick (Multicall3 with the L1 head, then both log scans in
 * one JSON-RPC batch); one more L2 request when a finalization lands before the `finalized` tag shows it.
 * deposits (with `contracts.l2MessageService`): L1 `nextMessageNumber()` in the multicall against the L2's
 * `lastAnchoredL1MessageNumber()` in the head batch; the oldest unanchored message's L1 log is looked up with the
 * log scans, once per message number. Linea has no forced inclusion, and the reason says so.
 */
export function createLineaAdapter(chain: LineaChainConfig, context: AdapterContext = {}): ChainAdapter {
  const l1 = context.l1Client ?? createRpcClient({ urls: chain.l1Rpc, timeoutMs: chain.rpcTimeoutMs })
  const l2Reader = createL2Reader(chain, context.l2Client)
  const l2 = l2Reader.client
  /** How several L2 RPCs agreed on the last read (rpc-divergence). */
  let agreement: RpcAgreement | undefined
  const cursors = context.cursors ?? createMemoryCursorStore()
  const { lineaRollup, l2MessageService } = chain.contracts
  /** The oldest unanchored message's L1 log, looked up once per message number. */
  const messageLookup: LogLookupResume & { found?: { number: bigint; log: FoundLog | undefined } } = {}
  const scan = {
    address: lineaRollup,
    cursors,
    ...(chain.logScan?.maxRange ? { maxRange: BigInt(chain.logScan.maxRange) } : {}),
    ...(chain.logScan?.lookback ? { lookback: BigInt(chain.logScan.lookback) } : {}),
  }

  let multicall: { address: Address | undefined } | undefined
  let finalizedBlockTime: { block: bigint; timestamp: number } | undefined

  async function readHeads(now: number, recheck: readonly bigint[] | undefined): Promise<L2Heads> {
    // Linea's `safe` tag semantics are unverified (it may trail like `finalized`, hours behind): sequencer lag
    // is measured from L1 submissions instead, so `safe` is dropped rather than misread as unposted data.
    const read = await l2Reader.read({ withSafeTags: true, now, recheck, ...(l2MessageService ? { anchoringOn: l2MessageService } : {}) })
    agreement = read.agreement
    const { safe: _safe, safeError: _safeError, ...heads } = read.heads
    return heads
  }

  async function readRollup(): Promise<LineaRollupState> {
    multicall ??= { address: await findMulticall3(l1) }
    return readLineaRollup(l1, { lineaRollup, multicallAddress: multicall.address })
  }

  /** L2 time of the finalized block: free from the `finalized` tag when it matches, else one read per new block. */
  async function finalizedL2Timestamp(block: bigint, heads: Promise<Reading<L2Heads>>): Promise<number | undefined> {
    const tagged = await heads
    if (tagged.ok && tagged.value.finalized?.number === block) return tagged.value.finalized.timestamp
    if (finalizedBlockTime?.block === block) return finalizedBlockTime.timestamp
    try {
      const { timestamp } = await getBlock(l2, { blockNumber: block })
      finalizedBlockTime = { block, timestamp: Number(timestamp) }
      return finalizedBlockTime.timestamp
    } catch {
      return undefined // the L2 reading reports L2 trouble; the roots reading stays about L1
    }
  }

  /** The oldest unanchored message's L1 log (RollingHashUpdated, emitted with its MessageSent), once per number. */
  async function oldestMessageLog(number: bigint, head: bigint): Promise<FoundLog | undefined> {
    if (messageLookup.found?.number === number) return messageLookup.found.log
    const log = await findLogById(l1, { address: lineaRollup, event: rollingHashUpdatedL1Event, argName: 'messageNumber', id: number, head, resume: messageLookup, maxRange: scan.maxRange, lookback: scan.lookback })
    messageLookup.found = { number, log }
    return log
  }

  /** `deposits`: L1's message count against the L2's anchoring; the lookup starts with the tick's log scans. */
  function readDeposits(state: LineaRollupState, anchored: Reading<bigint>): Promise<Reading<DepositsObservation>> | Reading<DepositsObservation> {
    if (!anchored.ok) return { ok: false, error: `L2MessageService.lastAnchoredL1MessageNumber(): ${anchored.error}` }
    if (state.nextMessageNumber === undefined) return { ok: false, error: 'LineaRollup.nextMessageNumber() did not answer' }
    const { nextMessageNumber } = state
    const lastAnchored = anchored.value
    if (nextMessageNumber - 1n <= lastAnchored) return lineaDepositsObservation({ nextMessageNumber, lastAnchored, origin: undefined })
    return toReading(oldestMessageLog(lastAnchored + 1n, state.head)).then((origin) => lineaDepositsObservation({ nextMessageNumber, lastAnchored, origin }))
  }

  async function readL1(
    heads: Promise<Reading<L2Heads>>,
    anchored: Promise<Reading<bigint>> | undefined,
  ): Promise<{ batches: Reading<BatchObservation>; stateRoots: Reading<StateRootObservation>; deposits?: Reading<DepositsObservation> }> {
    const [rollup, anchoredReading] = await Promise.all([toReading(readRollup()), anchored])
    if (!rollup.ok) return { batches: rollup, stateRoots: rollup, ...(anchored ? { deposits: rollup } : {}) }
    const state = rollup.value
    const alarms = pauseAlarms(state)
    const [submission, finalization, finalizedTimestamp, deposits] = await Promise.all([
      toReading(scanLatestLog(l1, { ...scan, name: `${lineaRollup}:DataSubmitted`, events: [dataSubmittedV3Event, dataSubmittedV2Event], head: state.head })),
      toReading(scanLatestLog(l1, { ...scan, name: `${lineaRollup}:DataFinalizedV3`, events: [dataFinalizedV3Event], head: state.head })),
      finalizedL2Timestamp(state.finalizedL2Block, heads),
      anchoredReading ? readDeposits(state, anchoredReading) : undefined,
    ])
    const batches: Reading<BatchObservation> = submission.ok
      ? {
          ok: true,
          value: { source: 'linea-submissions', ...(submission.value ? { lastBatchAt: submission.value.timestamp } : {}), alarms: alarms.batches },
        }
      : submission
    const stateRoots: Reading<StateRootObservation> = finalization.ok
      ? {
          ok: true,
          value: {
            source: 'linea-finalization',
            finalizedL2Block: state.finalizedL2Block,
            ...(finalizedTimestamp !== undefined ? { finalizedL2Timestamp: finalizedTimestamp } : {}),
            ...(finalization.value ? posted(finalization.value) : {}),
            alarms: alarms.stateRoots,
          },
        }
      : finalization
    return { batches, stateRoots, ...(deposits ? { deposits } : {}) }
  }

  return {
    chain,
    async observe(now, { recheck } = {}) {
      agreement = undefined
      const heads = toReading(readHeads(now, recheck))
      // In the head batch of the endpoint whose heads are believed (a stuck or lying first RPC is not asked alone).
      const anchored = l2MessageService ? heads.then((read): Reading<bigint> => (read.ok ? (read.value.l1MessagesAnchored ?? { ok: false, error: 'not read' }) : read)) : undefined
      const [l2Heads, { batches, stateRoots, deposits }] = await Promise.all([heads, readL1(heads, anchored)])
      return {
        chain: chain.name,
        stack: 'linea',
        l2: l2Heads,
        batches,
        stateRoots,
        ...(deposits ? { deposits } : {}),
        parameters: l2Heads.ok ? blockTimeFromHeads(l2Heads.value) : {},
        ...(agreement ? { l2Agreement: agreement } : {}),
      }
    },
  }
}

/** The newest finalization's L1 time and the L2 block it finalized up to. */
function posted(log: FoundLog): Pick<StateRootObservation, 'lastPostedAt' | 'lastPostedL2Block'> {
  const end = log.args.endBlockNumber
  return { lastPostedAt: log.timestamp, ...(end !== undefined && /^\d+$/.test(end) ? { lastPostedL2Block: BigInt(end) } : {}) }
}
