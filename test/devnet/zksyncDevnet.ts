// Deploys the devnet ZKsync L1 contracts (ChainTypeManager, ZK chain diamond, ValidatorTimelock, Multicall3)
// on an anvil node and drives them as the operator does: commit, prove and execute batches through the
// timelock, revert batches, freeze the diamond, move settlement to another layer. Also the testbed the zksync
// integration tests share (anvil L1 + L2 behind RPC proxies, seeded scenarios, verdict helpers).
import { parseAbi, parseEventLogs, type Address, type Hex, type PrivateKeyAccount, type TransactionReceipt } from 'viem'
import type { ChainAdapter } from '../../functions/chains/ChainAdapter.js'
import { diamondAbi } from '../../functions/chains/zksync/abis.js'
import { createZksyncAdapter } from '../../functions/chains/zksync/createZksyncAdapter.js'
import { resolveThresholds } from '../../functions/checks/defaultThresholds.js'
import { runChecks } from '../../functions/checks/runChecks.js'
import { validateConfig } from '../../functions/config/parseConfig.js'
import type { ZksyncChainConfig } from '../../functions/config/schema.js'
import type { BatchObservation, Observation, StateRootObservation, Verdict } from '../../functions/types.js'
import { latestBlock, startAnvil, type Anvil } from './anvil.js'
import { createDeployer, MULTICALL3_ADDRESS, type DevnetClient } from './createDeployer.js'
import { startRpcProxy, type ResultRewrite, type RpcProxy } from './rpcProxy.js'
import { artifact } from './solc.js'

const group = 'zksync'

/** Devnet ABIs of the driving calls (the adapter's read ABIs live in functions/chains/zksync/abis.ts). */
export const zksyncDevnetAbi = {
  diamond: parseAbi([
    'function getTotalBatchesCommitted() view returns (uint256)',
    'function getTotalBatchesVerified() view returns (uint256)',
    'function getTotalBatchesExecuted() view returns (uint256)',
    'function setValidator(address _validator, bool _active)',
    'function freezeDiamond()',
    'function unfreezeDiamond()',
    'function setSettlementLayer(address _settlementLayer)',
    'function requestL2Transaction(address _contractL2, uint256 _l2Value, bytes _calldata, uint256 _l2GasLimit, uint256 _l2GasPerPubdataByteLimit, bytes[] _factoryDeps, address _refundRecipient) payable returns (bytes32 canonicalTxHash)',
    'function setLeavesOutPriorityTxs(bool _leavesOut)',
    'function setWithoutPriorityRequestId(bool _without)',
  ]),
  timelock: parseAbi([
    'function commitBatchesSharedBridge(address _chainAddress, uint256 _processBatchFrom, uint256 _processBatchTo, bytes _batchData)',
    'function proveBatchesSharedBridge(address _chainAddress, uint256 _processBatchFrom, uint256 _processBatchTo, bytes _proofData)',
    'function executeBatchesSharedBridge(address _chainAddress, uint256 _processBatchFrom, uint256 _processBatchTo, bytes _batchData)',
    'function revertBatchesSharedBridge(address _chainAddress, uint256 _newLastBatch)',
    'function setExecutionDelay(uint32 _executionDelay)',
    'function addValidator(address _chainAddress, address _newValidator)',
    'error TimeNotReached(uint256 expectedTimestamp, uint256 actualTimestamp)',
  ]),
  chainTypeManager: parseAbi([
    'function setLegacyValidatorTimelock(address _validatorTimelock)',
    'function setValidatorTimelockPostV29(address _validatorTimelockPostV29)',
  ]),
} as const

export interface DeployZksyncOptions {
  /** ValidatorTimelock.executionDelay in seconds. Default 10800 (3 h, as on Era). */
  executionDelay?: number
  /** Install Multicall3 at its canonical address. Default true. */
  multicall3?: boolean
  /** Register the timelock as the ChainTypeManager's post-v29 timelock (discoverable). Default true. */
  registerTimelock?: boolean
  /** Also deploy a legacy timelock, set as the manager's `validatorTimelock()` but not a validator. Default false. */
  legacyTimelock?: boolean
  /**
   * Operator wallets, as Era runs them: `committer` sends the commits, `prover` the proofs, executions and reverts
   * (both added as the timelock's validators for the diamond). Default: the deployer sends everything.
   */
  operators?: { committer?: PrivateKeyAccount; prover?: PrivateKeyAccount }
}

export interface BatchCounters {
  committed: bigint
  verified: bigint
  executed: bigint
}

export interface ZksyncDevnet {
  l1: Anvil
  client: DevnetClient
  deployer: Address
  diamond: Address
  validatorTimelock: Address
  chainTypeManager: Address
  legacyTimelock?: Address
  /** The wallets that send commits and proofs/executions (the deployer unless `operators` named others). */
  operators: { committer: Address; prover: Address }
  /** Commits `count` new batches in one transaction (one BlockCommit each); `timestamp` = its L1 block time. */
  commitBatches(count: number, timestamp?: number): Promise<TransactionReceipt>
  /** Each committed batch's BlockCommit batchHash, by batch number (what an honest L2 reports as its rootHash). */
  readonly batchHashes: ReadonlyMap<bigint, Hex>
  /** Proves every committed batch up to `upTo` (default: all committed). */
  proveBatches(upTo?: bigint, timestamp?: number): Promise<TransactionReceipt>
  /** Executes every proven batch up to `upTo` (default: all verified); the timelock enforces the delay. */
  executeBatches(upTo?: bigint, timestamp?: number): Promise<TransactionReceipt>
  revertBatches(newLastBatch: bigint, timestamp?: number): Promise<TransactionReceipt>
  setFrozen(frozen: boolean, timestamp?: number): Promise<TransactionReceipt>
  setSettlementLayer(layer: Address, timestamp?: number): Promise<TransactionReceipt>
  setExecutionDelay(seconds: number, timestamp?: number): Promise<TransactionReceipt>
  counters(): Promise<BatchCounters>
  /** An L1→L2 priority transaction (Mailbox requestL2Transaction); returns its id and L1 block. */
  requestPriorityTx(timestamp?: number): Promise<{ txId: bigint; l1Block: bigint }>
  /** An operator whose commits leave waiting priority transactions out (true), or include them again. */
  setLeavesOutPriorityTxs(leavesOut: boolean): Promise<TransactionReceipt>
  /** A diamond from before NewPriorityRequestId: only NewPriorityRequest (txId not indexed). */
  setWithoutPriorityRequestId(without: boolean): Promise<TransactionReceipt>
}

/**
 * Makes `layer` (an anvil) look like a ZK settlement layer (ZK Gateway) carrying the chain `chainId`: the Bridgehub
 * system contract at 0x…10002 names `devnet.diamond` (a diamond deployed on `layer`) as that chain's diamond.
 */
export async function registerOnSettlementLayer(layer: Anvil, chainId: number, devnet: ZksyncDevnet): Promise<void> {
  const bridgehub = '0x0000000000000000000000000000000000010002'
  await layer.rpc('anvil_setCode', [bridgehub, artifact('Bridgehub', group).deployedBytecode])
  const { send } = await createDeployer(layer, { group })
  await send(bridgehub, artifact('Bridgehub', group).abi, 'setZKChain', [BigInt(chainId), devnet.diamond])
}

/** Puts the zksync group's Multicall3 runtime code at 0xcA11…CA11. */
export async function installMulticall3(anvil: Anvil): Promise<void> {
  await anvil.rpc('anvil_setCode', [MULTICALL3_ADDRESS, artifact('Multicall3', group).deployedBytecode])
}

export async function deployZksync(l1: Anvil, options: DeployZksyncOptions = {}): Promise<ZksyncDevnet> {
  // Sends are simulated against 'pending' (which has the timestamp just set) so a revert shows its decoded reason.
  const { client, account, deploy, send } = await createDeployer(l1, { group })

  const chainTypeManager = await deploy('ChainTypeManager', [account.address])
  const diamond = await deploy('ZkChainDiamond', [chainTypeManager, account.address])
  const validatorTimelock = await deploy('ValidatorTimelock', [account.address, options.executionDelay ?? 10_800])
  await send(diamond, zksyncDevnetAbi.diamond, 'setValidator', [validatorTimelock, true])
  if (options.registerTimelock ?? true)
    await send(chainTypeManager, zksyncDevnetAbi.chainTypeManager, 'setValidatorTimelockPostV29', [validatorTimelock])
  let legacyTimelock: Address | undefined
  if (options.legacyTimelock) {
    legacyTimelock = await deploy('ValidatorTimelock', [account.address, 1])
    await send(chainTypeManager, zksyncDevnetAbi.chainTypeManager, 'setLegacyValidatorTimelock', [legacyTimelock])
  }
  const committer = options.operators?.committer ?? account
  const prover = options.operators?.prover ?? account
  for (const operator of new Set([committer, prover]))
    if (operator !== account) await send(validatorTimelock, zksyncDevnetAbi.timelock, 'addValidator', [diamond, operator.address])
  if (options.multicall3 ?? true) await installMulticall3(l1)

  const read = (functionName: 'getTotalBatchesCommitted' | 'getTotalBatchesVerified' | 'getTotalBatchesExecuted') =>
    client.readContract({ address: diamond, abi: zksyncDevnetAbi.diamond, functionName })
  const counters = async (): Promise<BatchCounters> => {
    const [committed, verified, executed] = await Promise.all([
      read('getTotalBatchesCommitted'),
      read('getTotalBatchesVerified'),
      read('getTotalBatchesExecuted'),
    ])
    return { committed, verified, executed }
  }
  const operator = (functionName: string, args: readonly unknown[], timestamp?: number) =>
    send(validatorTimelock, zksyncDevnetAbi.timelock, functionName, [diamond, ...args], timestamp, functionName.startsWith('commit') ? committer : prover)
  const data = (label: string): Hex => `0x${Buffer.from(label).toString('hex')}`
  const batchHashes = new Map<bigint, Hex>()

  return {
    l1,
    client,
    deployer: account.address,
    diamond,
    validatorTimelock,
    chainTypeManager,
    ...(legacyTimelock ? { legacyTimelock } : {}),
    operators: { committer: committer.address, prover: prover.address },

    async commitBatches(count, timestamp) {
      const { committed } = await counters()
      const receipt = await operator('commitBatchesSharedBridge', [committed + 1n, committed + BigInt(count), data('commit')], timestamp)
      for (const log of parseEventLogs({ abi: diamondAbi, logs: receipt.logs, eventName: 'BlockCommit' })) batchHashes.set(log.args.batchNumber, log.args.batchHash)
      return receipt
    },
    batchHashes,
    async proveBatches(upTo, timestamp) {
      const { committed, verified } = await counters()
      return operator('proveBatchesSharedBridge', [verified + 1n, upTo ?? committed, data('proof')], timestamp)
    },
    async executeBatches(upTo, timestamp) {
      const { verified, executed } = await counters()
      return operator('executeBatchesSharedBridge', [executed + 1n, upTo ?? verified, data('execute')], timestamp)
    },
    revertBatches: (newLastBatch, timestamp) => operator('revertBatchesSharedBridge', [newLastBatch], timestamp),
    setFrozen: (frozen, timestamp) => send(diamond, zksyncDevnetAbi.diamond, frozen ? 'freezeDiamond' : 'unfreezeDiamond', [], timestamp),
    setSettlementLayer: (layer, timestamp) => send(diamond, zksyncDevnetAbi.diamond, 'setSettlementLayer', [layer], timestamp),
    setExecutionDelay: (seconds, timestamp) => send(validatorTimelock, zksyncDevnetAbi.timelock, 'setExecutionDelay', [seconds], timestamp),
    counters,
    async requestPriorityTx(timestamp) {
      const receipt = await send(diamond, zksyncDevnetAbi.diamond, 'requestL2Transaction', [account.address, 0n, '0x', 300_000n, 800n, [], account.address], timestamp)
      const [request] = parseEventLogs({ abi: diamondAbi, logs: receipt.logs, eventName: 'NewPriorityRequest' })
      if (!request) throw new Error('requestL2Transaction() emitted no NewPriorityRequest')
      return { txId: request.args.txId, l1Block: receipt.blockNumber }
    },
    setLeavesOutPriorityTxs: (leavesOut) => send(diamond, zksyncDevnetAbi.diamond, 'setLeavesOutPriorityTxs', [leavesOut]),
    setWithoutPriorityRequestId: (without) => send(diamond, zksyncDevnetAbi.diamond, 'setWithoutPriorityRequestId', [without]),
  }
}

/**
 * An L2 proxy result rewrite answering `zks_getL1BatchDetails` (anvil has no zks_ namespace) from the batches
 * `devnet` committed; `roots` overrides a batch's rootHash (an L2 that computed something else). Unknown batch: null.
 */
export function serveBatchDetails(devnet: ZksyncDevnet, roots: ReadonlyMap<bigint, Hex> = new Map()): ResultRewrite {
  return (call) => {
    if (call.method !== 'zks_getL1BatchDetails' || !Array.isArray(call.params)) return undefined
    const number = BigInt(call.params[0] as number)
    const rootHash = roots.get(number) ?? devnet.batchHashes.get(number)
    return { result: rootHash ? { number: Number(number), rootHash, status: 'verified' } : null }
  }
}

/**
 * Mines L2 blocks 1 s apart, the newest at `until` (unix s), at most `count` of them. One evm_mine per block
 * with its own timestamp: anvil_mine's interval drifts by a second when the wall clock ticks over mid-run.
 */
export async function mineL2Until(l2: Anvil, until: number, count = 12): Promise<void> {
  const { timestamp } = await latestBlock(l2)
  for (let t = Math.max(timestamp + 1, until - count + 1); t <= until; t++) await l2.rpc('evm_mine', [t])
}

/**
 * Era-like history up to `base` (unix s, far enough past the L1 head): batches 1–3 committed 4 h before,
 * proven, and executed as soon as the timelock allowed; batches 4–5 committed 10 min before, proven 5 min before.
 */
export async function seedBatchHistory(devnet: ZksyncDevnet, base: number, executionDelay: number): Promise<void> {
  await devnet.commitBatches(3, base - 14_400)
  await devnet.proveBatches(undefined, base - 14_000)
  await devnet.executeBatches(undefined, base - 14_400 + executionDelay)
  await devnet.commitBatches(2, base - 600)
  await devnet.proveBatches(undefined, base - 300)
}

/** Execution delay of the devnet timelocks unless a test says otherwise: Era's 3 h. */
export const devnetExecutionDelay = 10_800

export function zksyncChainConfig(
  l1Url: string,
  l2Url: string,
  contracts: ZksyncChainConfig['contracts'],
  extra: Record<string, unknown> = {},
): ZksyncChainConfig {
  const config = validateConfig({ chains: [{ name: 'era-devnet', stack: 'zksync', l1Rpc: [l1Url], l2Rpc: [l2Url], contracts, ...extra }] })
  return config.chains[0] as ZksyncChainConfig
}

export function batchesOf(observation: Observation): BatchObservation {
  if (!observation.batches?.ok) throw new Error(`batches not read: ${JSON.stringify(observation.batches)}`)
  return observation.batches.value
}

export function rootsOf(observation: Observation): StateRootObservation {
  if (!observation.stateRoots?.ok) throw new Error(`state roots not read: ${JSON.stringify(observation.stateRoots)}`)
  return observation.stateRoots.value
}

/** The checks' verdicts by check name, with the thresholds derived from what the adapter read. */
export function judge(observation: Observation, now: number): Record<string, Verdict> {
  const thresholds = resolveThresholds('zksync', undefined, observation.parameters)
  return Object.fromEntries(runChecks(observation, thresholds, now).map((verdict) => [verdict.check, verdict]))
}

export const statusesOf = (verdicts: Record<string, Verdict>) => ({
  liveness: verdicts.liveness?.status,
  'sequencer-lag': verdicts['sequencer-lag']?.status,
  'state-root-finality': verdicts['state-root-finality']?.status,
})

export interface ZksyncTestbed {
  l1: Anvil
  /** L2 whose `safe` trails latest by 5 blocks and `finalized` by 10 (Era: committed / executed). */
  l2: Anvil
  l1Proxy: RpcProxy
  l2Proxy: RpcProxy
  /** A fresh deployment seeded with seedBatchHistory up to `base`, L2 blocks up to `base`, and an adapter on it. */
  scenario(
    options?: DeployZksyncOptions,
    contracts?: (devnet: ZksyncDevnet) => ZksyncChainConfig['contracts'],
  ): Promise<{ devnet: ZksyncDevnet; base: number; adapter: ChainAdapter }>
  mineL2Until(until: number, count?: number): Promise<void>
  /** Proxies healthy again, no frozen tags, no rewritten results. */
  reset(): void
  stop(): Promise<void>
}

export async function startZksyncTestbed(): Promise<ZksyncTestbed> {
  const [l1, l2] = await Promise.all([startAnvil(), startAnvil({ slotsInAnEpoch: 5, chainId: 324 })])
  const [l1Proxy, l2Proxy] = await Promise.all([startRpcProxy(l1.url), startRpcProxy(l2.url)])
  return {
    l1,
    l2,
    l1Proxy,
    l2Proxy,
    async scenario(options = {}, contracts) {
      const devnet = await deployZksync(l1, { executionDelay: devnetExecutionDelay, ...options })
      // Past both heads by more than the seeded history, so every timestamp set is in the future.
      const base = Math.max((await latestBlock(l1)).timestamp, (await latestBlock(l2)).timestamp) + 20_000
      await seedBatchHistory(devnet, base, options.executionDelay ?? devnetExecutionDelay)
      await mineL2Until(l2, base)
      const config = zksyncChainConfig(l1Proxy.url, l2Proxy.url, contracts?.(devnet) ?? { diamond: devnet.diamond })
      return { devnet, base, adapter: createZksyncAdapter(config) }
    },
    mineL2Until: (until, count) => mineL2Until(l2, until, count),
    reset() {
      l1Proxy.setDown(false)
      l2Proxy.setDown(false)
      l2Proxy.rewriteResults(null)
      l2Proxy.freezeTag('safe', null)
      l2Proxy.freezeTag('finalized', null)
    },
    async stop() {
      await Promise.all([l1Proxy.stop(), l2Proxy.stop()])
      await Promise.all([l1.stop(), l2.stop()])
    },
  }
}
