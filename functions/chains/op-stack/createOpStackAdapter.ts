import type { Address } from 'viem'
import { getBlock } from 'viem/actions'
import type { OpStackChainConfig } from '../../config/schema.js'
import { createRpcClient } from '../../rpc/createRpcClient.js'
import { findMulticall3 } from '../../rpc/findMulticall3.js'
import type { ChainParameters, L1OriginObservation, L2Heads, OperatorBalanceObservation, ProofSystemObservation, Reading, StateRootObservation } from '../../types.js'
import { balanceReads, configuredOperators, mergeOperators, type OperatorAddress, readOperatorBalances, toOperatorBalances } from '../operatorBalances.js'
import { gameCreatorAbi } from './abis.js'
import { blockTimeFromHeads } from '../blockTimeFromHeads.js'
import type { AdapterContext } from '../AdapterContext.js'
import type { ChainAdapter } from '../ChainAdapter.js'
import { createL2Reader } from '../createL2Reader.js'
import { toReading } from '../toReading.js'
import { discoverOpStackContracts, type OpStackContracts } from './discoverOpStackContracts.js'
import { createDisputeGameCache, readDisputeGames } from './readDisputeGames.js'
import { createRootValidator } from './createRootValidator.js'
import { createSuperchain } from './createSuperchain.js'
import { createDepositWatcher } from './createDepositWatcher.js'
import { sequencingWindowBlocks } from './sequencingWindow.js'
import { createWithdrawalWatcher } from './createWithdrawalWatcher.js'
import { createMemoryCursorStore } from '../createMemoryCursorStore.js'
import { describeOpProofSystem } from './describeOpProofSystem.js'
import { type GameFamily, gameFamilyOf } from './gameFamilies.js'
import type { KnownGame } from './scanRespectedGames.js'
import { readSyncStatus } from './readSyncStatus.js'
import { type LegacyOutputCache, readLegacyOutputs } from './readLegacyOutputs.js'

/** Contracts are re-discovered this often: upgrades replace the factory, registry or game implementation. */
export const rediscoverySeconds = 3600

export type OpStackAdapterOptions = AdapterContext

/** The sequencing window: 3600 L1 blocks of 12 s. Unsafe blocks not batched within it are reorged out. */
export const sequencingWindowSeconds = Number(sequencingWindowBlocks) * 12
/** Max sequencer drift since Fjord (600 s before): the sequencer halts once its L1 origin is this much older. */
export const defaultMaxSequencerDriftSeconds = 1800

/** The L2's L1 origin (from the head batch) against the L1 head (from the tick's L1 request). */
function l1OriginReading(
  heads: Reading<L2Heads>,
  l1Head: Reading<{ number: bigint | null; timestamp: bigint }>,
  maxSequencerDriftSeconds: number,
): Reading<L1OriginObservation> {
  if (!heads.ok) return heads
  const origin = heads.value.l1Origin
  if (!origin) return { ok: false, error: 'the L1 origin was not read' }
  if (!origin.ok) return { ok: false, error: `L1Block predeploy (0x4200…0015) on L2: ${origin.error}` }
  if (!l1Head.ok) return { ok: false, error: `L1 head: ${l1Head.error}` }
  if (l1Head.value.number === null) return { ok: false, error: 'the L1 RPC returned a pending head' }
  return {
    ok: true,
    value: {
      source: 'l1-block-predeploy',
      l1Block: origin.value.number,
      l1Timestamp: origin.value.timestamp,
      l1Head: { number: l1Head.value.number, timestamp: Number(l1Head.value.timestamp) },
      maxSequencerDriftSeconds,
    },
  }
}

interface Settlement {
  readonly roots: StateRootObservation
  readonly proofSystem: ProofSystemObservation
  /** The newest respected game and its family, for state-root-validity (dispute-game chains only). */
  readonly newest?: { readonly game: KnownGame | undefined; readonly family: GameFamily | undefined }
  /** L1 balances of the batcher, the proposer(s) and configured operators (operator-balance). */
  readonly operators?: OperatorBalanceObservation
}

/** The proposer of a permissionless game type is whoever creates the games: the creators of this many newest respected games. */
export const proposerGames = 3

const legacyProofSystem: ProofSystemObservation = {
  family: 'l2-output-oracle',
  description: 'L2OutputOracle (no fault proofs): output roots rest on the proposer alone',
  facts: { 'proof system': 'L2OutputOracle' },
}

/**
 * OP Stack (OP Mainnet, Base, …): L2 heads from the execution client's block tags, state roots from the
 * DisputeGameFactory / AnchorStateRegistry (or the legacy L2OutputOracle) on L1. Steady state: one L2 request
 * and one L1 request per tick; discovery, the Multicall3 probe and new anchor blocks cost extra, rarely.
 */
export function createOpStackAdapter(chain: OpStackChainConfig, options: OpStackAdapterOptions = {}): ChainAdapter {
  const l1 = options.l1Client ?? createRpcClient({ urls: chain.l1Rpc, timeoutMs: chain.rpcTimeoutMs })
  const l2Reader = createL2Reader(chain, options.l2Client)
  const l2 = l2Reader.client
  const opNode = chain.opNodeRpc ? createRpcClient({ urls: chain.opNodeRpc, timeoutMs: chain.rpcTimeoutMs }) : undefined

  let multicall: { address: Address | undefined } | undefined
  let discovered: { contracts: OpStackContracts; at: number } | undefined
  const gameCache = createDisputeGameCache()
  const superchain = createSuperchain({ name: chain.name, clients: l2Reader.clients, peers: options.superchainPeers ?? [] })
  const validator = createRootValidator({ clients: l2Reader.clients, ...(opNode ? { opNode } : {}), superchain })
  const legacyCache: LegacyOutputCache = {}
  const cursors = options.cursors ?? createMemoryCursorStore()
  const depositWatcher = createDepositWatcher({ l1, cursors, scan: chain.logScan?.maxRange ? { maxRange: BigInt(chain.logScan.maxRange) } : {} })
  const withdrawals = createWithdrawalWatcher({
    l1,
    clients: l2Reader.clients,
    cursors,
    scan: {
      ...(chain.logScan?.maxRange ? { maxRange: BigInt(chain.logScan.maxRange) } : {}),
      ...(chain.logScan?.lookback ? { lookback: BigInt(chain.logScan.lookback) } : {}),
    },
  })
  const blockTimestamps = new Map<bigint, number>()
  const configured = configuredOperators(chain.operators)
  /** gameCreator() of the newest respected games, by game address (asked once per game, in the first L1 request). */
  const gameCreators = new Map<Address, Address>()
  let knewOperators = configured.length > 0

  function operatorWallets(contracts: OpStackContracts): OperatorAddress[] {
    const batcher: OperatorAddress[] = contracts.batcher ? [{ role: 'batcher', address: contracts.batcher, source: 'SystemConfig.batcherHash' }] : []
    const proposers: OperatorAddress[] =
      contracts.kind === 'dispute-games' && contracts.proposer
        ? [{ role: 'proposer', address: contracts.proposer, source: 'proposer()' }]
        : gameCache.scan.games.slice(0, proposerGames).flatMap((game) => {
            const creator = gameCreators.get(game.proxy)
            return creator ? [{ role: 'proposer' as const, address: creator, source: `creator of game ${game.proxy.slice(0, 10)}…` }] : []
          })
    // Configured first; several recent games by one creator are one wallet.
    return mergeOperators(configured, batcher, proposers)
  }

  async function l2BlockTimestamp(blockNumber: bigint): Promise<number | undefined> {
    const cached = blockTimestamps.get(blockNumber)
    if (cached !== undefined) return cached
    try {
      const block = await getBlock(l2, { blockNumber })
      blockTimestamps.clear() // only the current anchor is worth keeping
      blockTimestamps.set(blockNumber, Number(block.timestamp))
      return Number(block.timestamp)
    } catch {
      return undefined // the L2 reading reports L2 trouble; the roots reading stays about L1
    }
  }

  /** State roots and the proof system they are judged by, from the same reads. */
  async function readSettlement(now: number): Promise<Settlement> {
    multicall ??= { address: await findMulticall3(l1) }
    const multicallAddress = multicall.address
    if (!discovered || now - discovered.at >= rediscoverySeconds)
      discovered = { contracts: await discoverOpStackContracts(l1, { contracts: chain.contracts, multicallAddress }), at: now }
    const { contracts } = discovered

    const wallets = operatorWallets(contracts)
    knewOperators ||= wallets.length > 0
    if (contracts.kind === 'l2-output-oracle') {
      const [roots, operators] = await Promise.all([
        readLegacyOutputs(l1, { l2OutputOracle: contracts.l2OutputOracle, multicallAddress, cache: legacyCache }),
        wallets.length > 0 ? readOperatorBalances(l1, { wallets, multicallAddress }) : undefined,
      ])
      return { roots, proofSystem: legacyProofSystem, ...(operators ? { operators } : {}) }
    }

    // Balances (Multicall3 getEthBalance) and new games' creators ride at the end of the first Multicall3 request.
    const unknownCreators = contracts.proposer ? [] : gameCache.scan.games.slice(0, proposerGames).filter((game) => !gameCreators.has(game.proxy))
    const creatorReads = unknownCreators.map((game) => ({ address: game.proxy, abi: gameCreatorAbi, functionName: 'gameCreator' }) as const)
    const [disputeGames, separateBalances] = await Promise.all([
      readDisputeGames(l1, { contracts, multicallAddress, cache: gameCache, now, extraReads: [...creatorReads, ...(multicallAddress ? balanceReads(wallets, multicallAddress) : [])] }),
      !multicallAddress && wallets.length > 0 ? readOperatorBalances(l1, { wallets }) : undefined,
    ])
    const { anchorL2Block, retirementTimestamp, extraResults = [], ...reading } = disputeGames
    unknownCreators.forEach((game, i) => {
      const creator = extraResults[i]
      if (creator?.status === 'success') gameCreators.set(game.proxy, creator.result as Address)
    })
    for (const proxy of gameCreators.keys()) if (!gameCache.scan.games.slice(0, proposerGames).some((game) => game.proxy === proxy)) gameCreators.delete(proxy)
    const operators = wallets.length === 0 ? undefined : (separateBalances ?? toOperatorBalances(wallets, extraResults.slice(creatorReads.length)))
    const switched = reading.respectedGameType !== contracts.respectedGameType
    const newest = { game: gameCache.scan.games[0], family: gameFamilyOf(reading.respectedGameType ?? -1) }
    const proofSystem = describeOpProofSystem({
      reading: { ...reading, ...(retirementTimestamp !== undefined ? { retirementTimestamp } : {}) },
      hasImplementation: switched || contracts.gameImplementation !== undefined,
    })
    // The portal switched game type (e.g. permissioned fallback): find the new implementation and family next tick.
    if (switched) discovered = undefined
    const withOperators = operators ? { operators } : {}
    if (anchorL2Block === undefined) return { roots: reading, proofSystem, newest, ...withOperators }
    const finalizedL2Timestamp = await l2BlockTimestamp(anchorL2Block)
    return { roots: finalizedL2Timestamp === undefined ? reading : { ...reading, finalizedL2Timestamp }, proofSystem, newest, ...withOperators }
  }

  return {
    chain,
    async observe(now, { recheck } = {}) {
      // Known from an earlier tick, the portal's withdrawal scan rides in the first batch with the other reads.
      const portalOf = () => (discovered?.contracts.kind === 'dispute-games' ? discovered.contracts.optimismPortal : undefined)
      const earlyPortal = portalOf()
      const l2Reading = toReading(l2Reader.read({ withSafeTags: true, withL1Origin: true, now, recheck }))
      // Deposits are judged against this tick's L1 origin; their portal scan goes out before it is awaited.
      const origin = l2Reading.then((read) => (read.ok ? read.value.heads.l1Origin : read))
      // The L1 head block (for its time) shares the first L1 batch with the settlement reads.
      const [l2Read, l1Head, settlement, syncStatus, earlyWithdrawals, earlyDeposits] = await Promise.all([
        l2Reading,
        toReading(getBlock(l1, { blockTag: 'latest' })),
        toReading(readSettlement(now)),
        opNode ? toReading(readSyncStatus(opNode)) : undefined,
        earlyPortal ? withdrawals.observe(earlyPortal, now) : undefined,
        earlyPortal ? depositWatcher.observe(earlyPortal, origin, now) : undefined,
      ])
      const latePortal = earlyPortal ? undefined : portalOf()
      const [withdrawalValidity, deposits] = latePortal
        ? await Promise.all([withdrawals.observe(latePortal, now), depositWatcher.observe(latePortal, origin, now)])
        : [earlyWithdrawals, earlyDeposits]
      // Where an op-node RPC is configured, its safe/finalized heads refine the execution client's tags; if it
      // fails, the tags remain the baseline (the op-node is an extra source, not a required one).
      const heads = l2Read.ok
        ? ({
            ok: true,
            value: syncStatus?.ok ? { ...l2Read.value.heads, safe: syncStatus.value.safe, finalized: syncStatus.value.finalized } : l2Read.value.heads,
          } as const)
        : l2Read
      const contracts = discovered?.contracts
      const maxSequencerDriftSeconds = chain.maxSequencerDrift ?? defaultMaxSequencerDriftSeconds
      const l1Origin = l1OriginReading(l2Read.ok ? { ok: true, value: l2Read.value.heads } : l2Read, l1Head, maxSequencerDriftSeconds)
      const parameters: ChainParameters = {
        forceInclusionWindowSeconds: sequencingWindowSeconds,
        maxSequencerDriftSeconds,
        ...(heads.ok ? blockTimeFromHeads(heads.value) : {}),
        ...(contracts?.kind === 'dispute-games' && contracts.finalityPeriodSeconds !== undefined
          ? { finalityPeriodSeconds: contracts.finalityPeriodSeconds }
          : {}),
      }
      const agreement = l2Read.ok ? l2Read.value.agreement : undefined
      const stateRoots = settlement.ok ? ({ ok: true, value: settlement.value.roots } as const) : settlement
      // Only when a new root landed does this read the L2 (one batched request per endpoint).
      const stateRootValidity = settlement.ok
        ? settlement.value.newest && (await validator.observe(settlement.value.newest.game, settlement.value.newest.family, now))
        : validator.verifying
          ? settlement
          : undefined
      const proofSystem = settlement.ok ? ({ ok: true, value: settlement.value.proofSystem } as const) : settlement
      const operatorBalances: Reading<OperatorBalanceObservation> | undefined = settlement.ok
        ? settlement.value.operators && { ok: true, value: settlement.value.operators }
        : knewOperators
          ? settlement
          : undefined
      return {
        chain: chain.name,
        stack: 'op-stack',
        l2: heads,
        stateRoots,
        proofSystem,
        parameters,
        l1Origin,
        ...(deposits ? { deposits } : {}),
        ...(stateRootValidity ? { stateRootValidity } : {}),
        ...(withdrawalValidity ? { withdrawalValidity } : {}),
        ...(operatorBalances ? { operatorBalances } : {}),
        ...(agreement ? { l2Agreement: agreement } : {}),
      }
    },
  }
}
