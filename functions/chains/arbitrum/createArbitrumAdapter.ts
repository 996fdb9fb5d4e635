import type { Address, Hash } from 'viem'
import { getBlock } from 'viem/actions'
import type { ArbitrumChainConfig } from '../../config/schema.js'
import { createRpcClient } from '../../rpc/createRpcClient.js'
import { describeError } from '../../rpc/describeError.js'
import { findMulticall3 } from '../../rpc/findMulticall3.js'
import { unwrap } from '../../rpc/readContracts.js'
import type {
  BatchObservation,
  ChainParameters,
  DepositsObservation,
  L1OriginObservation,
  L2Heads,
  ProofSystemObservation,
  Reading,
  StateRootObservation,
  StateRootValidityObservation,
} from '../../types.js'
import type { AdapterContext } from '../AdapterContext.js'
import { blockTimeFromHeads } from '../blockTimeFromHeads.js'
import type { ChainAdapter } from '../ChainAdapter.js'
import { createMemoryCursorStore } from '../createMemoryCursorStore.js'
import { createL2Reader } from '../createL2Reader.js'
import { toReading } from '../toReading.js'
import { arbitrumProofSystem } from './arbitrumProofSystem.js'
import { createAssertionValidator } from './createAssertionValidator.js'
import { forceInclusionRule } from './forceInclusionRule.js'
import { readArbitrumCounters } from './readArbitrumCounters.js'
import { resolveForceInclusionDeadline } from './resolveForceInclusionDeadline.js'
import { type ArbitrumContracts, discoverArbitrumContracts } from './discoverArbitrumContracts.js'
import { type AssertionCache, assertionProbes, preBoldAlarm, readAssertions } from './readAssertions.js'
import { l1BlockSeconds, readSequencerBatches, type SequencerBatchCache } from './readSequencerBatches.js'

/**
 * The head block's l1BlockNumber (the L1 block the sequencer saw) against the L1 head of the counters request.
 * Undefined, so l1-origin is absent, when the L2 RPC's blocks carry no l1BlockNumber (not a Nitro node).
 */
function l1ViewReading(heads: Reading<L2Heads>, l1Head: Reading<bigint>): Reading<L1OriginObservation> | undefined {
  if (!heads.ok) return heads
  const l1Block = heads.value.latest.l1BlockNumber
  if (l1Block === undefined) return undefined
  if (!l1Head.ok) return { ok: false, error: `L1 head: ${l1Head.error}` }
  return { ok: true, value: { source: 'arbitrum-l1-block-number', l1Block, l1Head: { number: l1Head.value }, l1BlockSeconds } }
}

/** Contracts are re-discovered this often: an upgrade (BoLD was one) points the Bridge at a new rollup. */
export const rediscoverySeconds = 3600

export type ArbitrumAdapterOptions = AdapterContext

/**
 * Arbitrum Nitro with BoLD: L2 heads from the node's block tags (`safe`/`finalized` = blocks whose batch is on
 * L1), batches from the SequencerInbox, state roots from the Rollup's assertions, the proof system (rollup kind,
 * confirm period, force-inclusion rule) from the same reads. Every tick reads the counters (batchCount,
 * maxTimeVariation, delay buffer, the forceInclusionDeadline()s last tick needed, delayed messages,
 * latestConfirmed, confirmPeriodBlocks, getAssertion() probes of the newest assertion) and the L1 head in one L1
 * request, then scans logs only for what moved; a deadline first needed this tick is computed by the inbox's rule
 * from the same reads, so no follow-up call. A pre-BoLD rollup is reported as a crit alarm, never read.
 */
export function createArbitrumAdapter(chain: ArbitrumChainConfig, options: ArbitrumAdapterOptions = {}): ChainAdapter {
  const l1 = options.l1Client ?? createRpcClient({ urls: chain.l1Rpc, timeoutMs: chain.rpcTimeoutMs })
  const l2Reader = createL2Reader(chain, options.l2Client)
  const l2 = l2Reader.client
  const validator = createAssertionValidator({ clients: l2Reader.clients })
  const cursors = options.cursors ?? createMemoryCursorStore()
  const scan = {
    ...(chain.logScan?.maxRange ? { maxRange: BigInt(chain.logScan.maxRange) } : {}),
    ...(chain.logScan?.lookback ? { lookback: BigInt(chain.logScan.lookback) } : {}),
  }

  let multicall: { address: Address | undefined } | undefined
  let discovered: { contracts: ArbitrumContracts; at: number } | undefined
  let parameters: Pick<ChainParameters, 'forceInclusionWindowSeconds' | 'finalityPeriodSeconds'> = {}
  const batchCache: SequencerBatchCache = {}
  const assertionCache: AssertionCache = {}
  let finalizedBlock: { hash: Hash; number: bigint; timestamp: number } | undefined
  /** L1 blocks whose forceInclusionDeadline the last tick needed: asked again in this tick's counters request. */
  let deadlineReferences: readonly bigint[] = []
  /** latestConfirmed() as last read: probed for a first child until an AssertionCreated is seen. */
  let lastConfirmed: Hash | undefined

  /** L2 block of the newest confirmed assertion, by hash; kept until a newer assertion is confirmed. */
  async function l2BlockByHash(blockHash: Hash) {
    if (finalizedBlock?.hash === blockHash) return finalizedBlock
    try {
      const block = await getBlock(l2, { blockHash })
      finalizedBlock = { hash: blockHash, number: block.number ?? 0n, timestamp: Number(block.timestamp) }
      return finalizedBlock
    } catch {
      return undefined // the L2 reading reports L2 trouble; the roots reading stays about L1
    }
  }

  async function readL1(
    now: number,
  ): Promise<{
    batches: Reading<BatchObservation>
    stateRoots: Reading<StateRootObservation>
    proofSystem: Reading<ProofSystemObservation>
    stateRootValidity?: Reading<StateRootValidityObservation> | undefined
    /** The L1 head the counters were read at. */
    l1Head: bigint
    /** The delayed inbox's oldest unread message; undefined without a Bridge. */
    deposits?: Reading<DepositsObservation>
  }> {
    multicall ??= { address: await findMulticall3(l1) }
    const multicallAddress = multicall.address
    if (!discovered || now - discovered.at >= rediscoverySeconds)
      discovered = { contracts: await discoverArbitrumContracts(l1, { contracts: chain.contracts, multicallAddress }), at: now }
    const { rollup, sequencerInbox, bridge, legacy, bridgeRollup } = discovered.contracts

    // One HTTP request: counters, the deadlines and assertion probes last tick's state asks for, the L1 head.
    const counters = await readArbitrumCounters(l1, {
      contracts: discovered.contracts,
      multicallAddress,
      deadlineReferences,
      probes: assertionProbes(assertionCache, lastConfirmed),
    })
    const { head, batchCount, timeVariation, delayedRead, confirmPeriod, latestConfirmed, delayedCount } = counters
    lastConfirmed = latestConfirmed?.status === 'success' ? (latestConfirmed.result as Hash) : lastConfirmed

    const confirmPeriodBlocks = confirmPeriod?.status === 'success' ? Number(confirmPeriod.result) : undefined
    const rule = forceInclusionRule(timeVariation, counters.bufferable, counters.bufferData)
    const windowBlocks = rule?.windowBlocks
    const delayBuffer = rule?.delayBuffer
    parameters = {
      ...(windowBlocks ? { forceInclusionWindowSeconds: Number(windowBlocks) * l1BlockSeconds } : {}),
      ...(confirmPeriodBlocks ? { finalityPeriodSeconds: confirmPeriodBlocks * l1BlockSeconds } : {}),
    }
    // Whatever block this tick needs a deadline for is asked about in next tick's counters request.
    const wanted = new Set<bigint>()
    const forceInclusionDeadline = (l1Block: bigint) => {
      wanted.add(l1Block)
      return resolveForceInclusionDeadline(l1Block, { prefetched: counters.deadlines, rule })
    }

    const proofSystem = toReading(
      (async (): Promise<ProofSystemObservation> =>
        arbitrumProofSystem({
          rollup,
          legacy,
          ...(bridgeRollup ? { bridgeRollup } : {}),
          confirmPeriodBlocks: Number(unwrap<bigint>(confirmPeriod, 'Rollup.confirmPeriodBlocks()')),
          delayBlocks: Number(unwrap<readonly bigint[]>(timeVariation, 'SequencerInbox.maxTimeVariation()')[0]),
          ...(delayBuffer ? { delayBuffer } : {}),
          l1Block: Number(head),
        }))(),
    )

    const inboxes = toReading(
      (async () =>
        readSequencerBatches(l1, {
          sequencerInbox,
          head,
          batchCount: unwrap<bigint>(batchCount, 'SequencerInbox.batchCount()'),
          delayBlocks: windowBlocks ?? unwrap<readonly bigint[]>(timeVariation, 'SequencerInbox.maxTimeVariation()')[0]!,
          forceInclusionDeadline,
          totalDelayedMessagesRead: unwrap<bigint>(delayedRead, 'SequencerInbox.totalDelayedMessagesRead()'),
          ...(bridge && delayedCount?.status === 'success' ? { bridge, delayedMessageCount: delayedCount.result as bigint } : {}),
          cache: batchCache,
          cursors,
          now,
          scan,
        }))(),
    ).finally(() => (deadlineReferences = [...wanted]))
    const batches = inboxes.then((read): Reading<BatchObservation> => (read.ok ? { ok: true, value: read.value.batches } : read))
    // The delayed inbox (deposits): unknown, never absent, when the Bridge's counter or the reads failed.
    const deposits = inboxes.then((read): Reading<DepositsObservation> | undefined => {
      if (!bridge) return undefined
      if (!read.ok) return read
      if (delayedCount?.status !== 'success') return { ok: false, error: `Bridge.delayedMessageCount(): ${describeError(delayedCount?.error ?? 'not read')}` }
      return read.value.deposits
    })

    let validation: Promise<Reading<StateRootValidityObservation> | undefined> | undefined
    const stateRoots = toReading(
      (async (): Promise<StateRootObservation> => {
        if (legacy) return { source: 'arbitrum-assertions', alarms: [preBoldAlarm(rollup, bridgeRollup)] }
        const { confirmedBlockHash, newestAssertion: newest, ...reading } = await readAssertions(l1, {
          rollup,
          head,
          latestConfirmed: unwrap<Hash>(latestConfirmed, 'Rollup.latestConfirmed()'),
          ...(counters.childBlocks ? { childBlocks: counters.childBlocks } : {}),
          cache: assertionCache,
          cursors,
          ...(bridgeRollup ? { bridgeRollup } : {}),
          scan,
        })
        // Started now, a new assertion's block-by-hash lookup shares the L2 batch with the confirmed block's.
        validation = validator.observe(newest, now)
        if (!confirmedBlockHash) return reading
        const block = await l2BlockByHash(confirmedBlockHash)
        return block ? { ...reading, finalizedL2Block: block.number, finalizedL2Timestamp: block.timestamp } : reading
      })(),
    )

    const [batchesReading, rootsReading, proofSystemReading, depositsReading] = await Promise.all([batches, stateRoots, proofSystem, deposits])
    return {
      batches: batchesReading,
      stateRoots: rootsReading,
      proofSystem: proofSystemReading,
      l1Head: head,
      ...(depositsReading ? { deposits: depositsReading } : {}),
      ...(validation ? { stateRootValidity: await validation } : {}),
    }
  }

  return {
    chain,
    async observe(now, { recheck } = {}) {
      const headsRead = toReading(l2Reader.read({ withSafeTags: true, now, recheck }))
      validator.prefetch() // a new assertion's canonical check, in the same L2 batch as the heads
      const [l2Read, settlement] = await Promise.all([headsRead, toReading(readL1(now))])
      const heads = l2Read.ok ? ({ ok: true, value: l2Read.value.heads } as const) : l2Read
      const agreement = l2Read.ok ? l2Read.value.agreement : undefined
      const l1Readings = settlement.ok ? settlement.value : { batches: settlement, stateRoots: settlement, proofSystem: settlement }
      // Only when a new assertion landed does this read the L2 (by hash; by number in the next tick's head batch).
      const rootsRead = l1Readings.stateRoots
      const stateRootValidity: Reading<StateRootValidityObservation> | undefined = rootsRead.ok
        ? 'stateRootValidity' in l1Readings
          ? l1Readings.stateRootValidity
          : undefined
        : validator.verifying
          ? rootsRead
          : undefined
      const l1Origin = l1ViewReading(heads, settlement.ok ? { ok: true, value: settlement.value.l1Head } : settlement)
      return {
        chain: chain.name,
        stack: 'arbitrum',
        l2: heads,
        ...(l1Origin ? { l1Origin } : {}),
        ...(settlement.ok ? (settlement.value.deposits ? { deposits: settlement.value.deposits } : {}) : discovered?.contracts.bridge ? { deposits: settlement } : {}),
        batches: l1Readings.batches,
        stateRoots: l1Readings.stateRoots,
        proofSystem: l1Readings.proofSystem,
        ...(stateRootValidity ? { stateRootValidity } : {}),
        parameters: { ...parameters, ...(heads.ok ? blockTimeFromHeads(heads.value) : {}) },
        ...(agreement ? { l2Agreement: agreement } : {}),
      }
    },
  }
}
