import { type Address, type PublicClient, zeroAddress } from 'viem'
import { getChainId } from 'viem/actions'
import type { ZksyncChainConfig } from '../../config/schema.js'
import { createRpcClient } from '../../rpc/createRpcClient.js'
import { findMulticall3 } from '../../rpc/findMulticall3.js'
import type {
  Alarm,
  BatchObservation,
  ChainParameters,
  DepositsObservation,
  L2Heads,
  ProofSystemObservation,
  Reading,
  StateRootObservation,
  StateRootValidityObservation,
  RpcAgreement,
} from '../../types.js'
import type { AdapterContext } from '../AdapterContext.js'
import { blockTimeFromHeads } from '../blockTimeFromHeads.js'
import type { ChainAdapter } from '../ChainAdapter.js'
import type { CursorStore } from '../LogCursor.js'
import { createL2Reader } from '../createL2Reader.js'
import { toReading } from '../toReading.js'
import { batchRevertAlarm } from './batchRevertAlarm.js'
import { type BatchRootValidator, createBatchRootValidator } from './createBatchRootValidator.js'
import { createMemoryCursorStore } from '../createMemoryCursorStore.js'
import { diamondStatusAlarms } from './diamondStatusAlarms.js'
import { discoverValidatorTimelock } from './discoverValidatorTimelock.js'
import { findSettlementDiamond } from './findSettlementDiamond.js'
import { type DiamondState, readDiamondState } from './readDiamondState.js'
import { type PriorityTxCache, readOldestPriorityTx } from './readOldestPriorityTx.js'
import { zksyncDepositsObservation } from './zksyncDepositsObservation.js'
import { type DiamondEventScans, scanDiamondEvents } from './scanDiamondEvents.js'
import { unfollowedSettlement, zksyncProofSystem } from './zksyncProofSystem.js'

/** The ValidatorTimelock is looked up again this often: upgrades (v29) moved chains to a new timelock. */
export const rediscoverySeconds = 3600

/** The diamond where the chain's batches settle (L1, or the layer getSettlementLayer() names) and its logs. */
interface SettlementReading {
  readonly state: DiamondState
  readonly scans: DiamondEventScans
  /** Its priority queue (`deposits`); undefined where the diamond lacks the getters. */
  readonly deposits?: Reading<DepositsObservation>
}

interface L1Reading {
  /** The L1 diamond's own state (counters meaningful only while it settles on L1). */
  readonly l1State: DiamondState
  /** Non-zero getSettlementLayer(). */
  readonly settlementLayer?: Address
  readonly settlementDiamond?: Address
  /** Unknown while the chain settles where no settlementRpc reaches. */
  readonly settlement: Reading<SettlementReading>
}

/**
 * ZKsync Era (and other ZK chains whose diamond sits on the L1 being read): L2 `latest` / `safe` (committed on
 * L1) / `finalized` (executed on L1) from the node; on L1 the diamond's batch counters, settlement layer and
 * freeze flag, the ValidatorTimelock's execution delay, and the newest BlockCommit, BlocksVerification and
 * BlocksRevert logs. Steady state: one L2 request and two L1 requests per tick (a third where the L1 RPC does
 * not put blockTimestamp on logs and a new log needs its block's time); the Multicall3 probe and the timelock
 * lookup cost extra once, and the lookup again hourly.
 * - batches (sequencer lag): last commit's L1 time; no force-inclusion window (Era has no enforced inclusion).
 * - deposits: the oldest priority transaction not yet processed (getFirstUnprocessedPriorityTx / getPriorityQueueSize
 *   in the first multicall), aged from its NewPriorityRequest, looked up with the tick's other log scans only when
 *   that id changed.
 * - state roots: "posted" = the newest proof verified on L1 (BlocksVerification), the step after which a batch
 *   only waits for the timelock; "finalized" = the L2 `finalized` block (newest executed batch) read with the heads.
 * - proof system: where it settles (getSettlementLayer()). Non-zero: batches and roots are read from the chain's
 *   diamond on that layer through `settlementRpc` (found by the layer's Bridgehub; the finality period then
 *   follows that layer's ValidatorTimelock), else both are unknown and
 *   proof-system warns.
 */
export function createZksyncAdapter(chain: ZksyncChainConfig, context: AdapterContext = {}): ChainAdapter {
  const l1 = context.l1Client ?? createRpcClient({ urls: chain.l1Rpc, timeoutMs: chain.rpcTimeoutMs })
  const l2Reader = createL2Reader(chain, context.l2Client)
  const validator = createBatchRootValidator({ clients: l2Reader.clients })
  /** How several L2 RPCs agreed on the last read (rpc-divergence). */
  let agreement: RpcAgreement | undefined
  const cursors = context.cursors ?? createMemoryCursorStore()
  const { diamond } = chain.contracts
  const maxRange = chain.logScan?.maxRange !== undefined ? BigInt(chain.logScan.maxRange) : undefined
  const lookback = chain.logScan?.lookback !== undefined ? BigInt(chain.logScan.lookback) : undefined

  let multicall: { address: Address | undefined } | undefined
  let timelock: { address: Address | undefined; at: number } | undefined
  const settlementClient = chain.settlementRpc ? createRpcClient({ urls: chain.settlementRpc, timeoutMs: chain.rpcTimeoutMs }) : undefined
  let settlementMulticall: { address: Address | undefined } | undefined
  let settlementTarget: { layer: Address; diamond: Address; timelock: Address | undefined; at: number } | undefined
  let chainId: number | undefined
  // The last delay read, so one failed tick does not swing the derived thresholds back to the defaults.
  let executionDelay: number | undefined
  /** Per diamond (L1's, a settlement layer's): the oldest unprocessed priority tx's L1 request, once looked up. */
  const priorityCaches = new Map<Address, PriorityTxCache>()
  /** Whether a diamond of this chain exposed its priority queue: a later failed read is then unknown, not absent. */
  let readsPriorityQueue = false

  /**
   * The diamond's event scans and, where it exposes its priority queue, the oldest waiting priority tx's L1 request
   * (looked up only when that id changed): started together, so their eth_getLogs share one JSON-RPC batch.
   */
  async function scanSettlement(client: PublicClient, target: Address, state: DiamondState, scanCursors: CursorStore): Promise<SettlementReading> {
    const queue = state.priorityQueue
    const cache = priorityCaches.get(target) ?? {}
    priorityCaches.set(target, cache)
    const origin = queue && queue.size > 0n
      ? toReading(readOldestPriorityTx(client, { diamond: target, index: queue.firstUnprocessed, head: state.head, cache, maxRange, lookback }))
      : undefined
    const [scans, found] = await Promise.all([scanDiamondEvents(client, { diamond: target, head: state.head, cursors: scanCursors, maxRange, lookback }), origin])
    if (queue) readsPriorityQueue = true
    return { state, scans, ...(queue ? { deposits: zksyncDepositsObservation(queue, found) } : {}) }
  }

  async function validatorTimelock(now: number, multicallAddress: Address | undefined): Promise<Address | undefined> {
    if (chain.contracts.validatorTimelock) return chain.contracts.validatorTimelock
    if (!timelock || now - timelock.at >= rediscoverySeconds)
      timelock = { address: await discoverValidatorTimelock(l1, { diamond, multicallAddress }), at: now }
    return timelock.address
  }

  /**
   * The chain's diamond on the settlement layer and the ValidatorTimelock that executes its batches there (looked
   * up again hourly and when the layer changes).
   */
  async function settlementDiamond(client: PublicClient, layer: Address, now: number): Promise<{ diamond: Address; timelock: Address | undefined }> {
    if (settlementTarget?.layer === layer && now - settlementTarget.at < rediscoverySeconds) return settlementTarget
    chainId ??= await getChainId(l2Reader.client)
    settlementMulticall ??= { address: await findMulticall3(client) }
    const target = await findSettlementDiamond(client, { chainId })
    const timelock = await discoverValidatorTimelock(client, { diamond: target, multicallAddress: settlementMulticall.address })
    settlementTarget = { layer, diamond: target, timelock, at: now }
    return settlementTarget
  }

  /** The settlement layer's blocks are not L1's: its cursors are kept apart, per layer. */
  const layerCursors = (layer: Address): CursorStore => ({
    get: (name) => cursors.get(`${layer}:${name}`),
    put: (name, cursor) => cursors.put(`${layer}:${name}`, cursor),
  })

  async function readSettlementLayer(client: PublicClient, layer: Address, target: { diamond: Address; timelock: Address | undefined }): Promise<SettlementReading> {
    const multicallAddress = settlementMulticall?.address
    const state = await readDiamondState(client, { diamond: target.diamond, ...(target.timelock ? { validatorTimelock: target.timelock } : {}), multicallAddress })
    // Batches execute there, so the delay that sets the finality period is that layer's timelock's.
    if (state.executionDelay !== undefined) executionDelay = state.executionDelay
    return scanSettlement(client, target.diamond, state, layerCursors(layer))
  }

  async function readL1(now: number): Promise<L1Reading> {
    multicall ??= { address: await findMulticall3(l1) }
    const multicallAddress = multicall.address
    const l1State = await readDiamondState(l1, { diamond, validatorTimelock: await validatorTimelock(now, multicallAddress), multicallAddress })
    const layer = l1State.settlementLayer && l1State.settlementLayer !== zeroAddress ? l1State.settlementLayer : undefined
    if (!layer) {
      if (l1State.executionDelay !== undefined) executionDelay = l1State.executionDelay
      return { l1State, settlement: { ok: true, value: await scanSettlement(l1, diamond, l1State, cursors) } }
    }
    // Settling elsewhere: the L1 counters and logs stop describing the batches; never judge them as if they did.
    if (!settlementClient) return { l1State, settlementLayer: layer, settlement: { ok: false, error: unfollowedSettlement(layer) } }
    let target: { diamond: Address; timelock: Address | undefined }
    try {
      target = await settlementDiamond(settlementClient, layer, now)
    } catch (error) {
      return { l1State, settlementLayer: layer, settlement: await toReading(Promise.reject(error)) }
    }
    const settlement = await toReading(readSettlementLayer(settlementClient, layer, target))
    return { l1State, settlementLayer: layer, settlementDiamond: target.diamond, settlement }
  }

  return {
    chain,
    async observe(now, { recheck } = {}) {
      agreement = undefined
      const readHeads = async () => {
        const read = await l2Reader.read({ withSafeTags: true, now, recheck })
        agreement = read.agreement
        return read.heads
      }
      const [heads, l1Reading] = await Promise.all([toReading(readHeads()), toReading(readL1(now))])
      // Only when a new batch was committed does this ask the L2 (one zks_getL1BatchDetails per endpoint).
      const stateRootValidity = await toStateRootValidity(l1Reading, validator, now)
      const parameters: ChainParameters = {
        ...(heads.ok ? blockTimeFromHeads(heads.value) : {}),
        ...(executionDelay ? { finalityPeriodSeconds: executionDelay } : {}),
      }
      return {
        chain: chain.name,
        stack: 'zksync',
        l2: heads,
        batches: toBatches(l1Reading),
        stateRoots: toStateRoots(l1Reading, heads, now),
        proofSystem: toProofSystem(l1Reading, diamond, Boolean(settlementClient)),
        ...(stateRootValidity ? { stateRootValidity } : {}),
        ...toDeposits(l1Reading, readsPriorityQueue),
        parameters,
        ...(agreement ? { l2Agreement: agreement } : {}),
      }
    },
  }
}

const withAlarms = (alarms: readonly (Alarm | undefined)[]): { alarms?: Alarm[] } => {
  const present = alarms.filter((alarm): alarm is Alarm => alarm !== undefined)
  return present.length > 0 ? { alarms: present } : {}
}

function toProofSystem(l1: Reading<L1Reading>, diamond: Address, followed: boolean): Reading<ProofSystemObservation> {
  if (!l1.ok) return l1
  const { l1State, settlementLayer, settlementDiamond } = l1.value
  return {
    ok: true,
    value: zksyncProofSystem({
      diamond,
      followed,
      l1Block: Number(l1State.head),
      ...(settlementLayer ? { settlementLayer } : {}),
      ...(settlementDiamond ? { settlementDiamond } : {}),
    }),
  }
}

async function toStateRootValidity(l1: Reading<L1Reading>, validator: BatchRootValidator, now: number): Promise<Reading<StateRootValidityObservation> | undefined> {
  if (!l1.ok) return validator.verifying ? l1 : undefined
  const settlement = l1.value.settlement
  if (!settlement.ok) return validator.verifying ? settlement : undefined
  const commits = settlement.value.scans.commit
  if (!commits.ok) return validator.verifying ? { ok: false, error: `BlockCommit log scan: ${commits.error}` } : undefined
  return validator.observe(commits.value.latest, now)
}

/** The settlement diamond's priority queue; unknown (never absent) while unreadable once a queue was seen. */
function toDeposits(l1: Reading<L1Reading>, readsPriorityQueue: boolean): { deposits?: Reading<DepositsObservation> } {
  const settlement = l1.ok ? l1.value.settlement : l1
  if (!settlement.ok) return readsPriorityQueue || (l1.ok && l1.value.l1State.priorityQueue) ? { deposits: settlement } : {}
  return settlement.value.deposits ? { deposits: settlement.value.deposits } : {}
}

function toBatches(l1: Reading<L1Reading>): Reading<BatchObservation> {
  if (!l1.ok) return l1
  if (!l1.value.settlement.ok) return l1.value.settlement
  const { state, scans } = l1.value.settlement.value
  if (!scans.commit.ok) return { ok: false, error: `BlockCommit log scan: ${scans.commit.error}` }
  const lastCommit = scans.commit.value.latest
  return {
    ok: true,
    value: {
      source: 'zksync-commits',
      lastBatchNumber: state.committed,
      ...(lastCommit ? { lastBatchAt: lastCommit.timestamp } : {}),
      ...withAlarms(diamondStatusAlarms(state)),
    },
  }
}

function toStateRoots(l1: Reading<L1Reading>, heads: Reading<L2Heads>, now: number): Reading<StateRootObservation> {
  if (!l1.ok) return l1
  if (!l1.value.settlement.ok) return l1.value.settlement
  const { state, scans } = l1.value.settlement.value
  if (!scans.verification.ok) return { ok: false, error: `BlocksVerification log scan: ${scans.verification.error}` }
  // Without the revert scan a revert could go unseen: the reading is then unknown, not ok.
  if (!scans.revert.ok) return { ok: false, error: `BlocksRevert log scan: ${scans.revert.error}` }
  const lastProof = scans.verification.value.latest
  // `finalized` on Era = the newest block of the newest executed batch; its L2 time is the finalized state's age.
  const finalized = heads.ok ? heads.value.finalized : undefined
  return {
    ok: true,
    value: {
      source: 'zksync-batches',
      ...(lastProof ? { lastPostedAt: lastProof.timestamp } : {}),
      ...(finalized ? { finalizedL2Block: finalized.number, finalizedL2Timestamp: finalized.timestamp } : {}),
      ...withAlarms([...diamondStatusAlarms(state), batchRevertAlarm(scans.revert.value, now)]),
    },
  }
}
