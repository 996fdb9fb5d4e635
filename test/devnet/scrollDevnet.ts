// Deploys the devnet Scroll L1 contracts (ScrollChain, SystemConfig, L1MessageQueueV2, Multicall3) on an anvil
// node and drives them: commit / finalize / revert batches, enqueue L1 messages, pause, and enter enforced mode.
import {
  encodePacked,
  keccak256,
  toHex,
  zeroAddress,
  type Address,
  type Chain,
  type Hex,
  type PrivateKeyAccount,
  type TransactionReceipt,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { scrollChainAbi } from '../../functions/chains/scroll/abis.js'
import type { Anvil } from './anvil.js'
import { createDeployer, MULTICALL3_ADDRESS, type DevnetClient } from './createDeployer.js'
import { artifact } from './solc.js'

/** Anvil's third default account: someone who is neither owner nor sequencer (enforced mode is permissionless). */
export const ANYONE_PRIVATE_KEY: Hex = '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a'
const TX_GAS = 3_000_000n
const group = 'scroll'

export interface DeployScrollOptions {
  /** SystemConfig enforcedBatchParameters. Defaults 86400 (1 d) and 172800 (2 d): mainnet values are UNVERIFIED. */
  maxDelayEnterEnforcedMode?: number
  maxDelayMessageQueue?: number
  /** false: ScrollChain.systemConfig() returns address(0), as a contract without the getter would leave us. Default true. */
  exposeSystemConfig?: boolean
  /** Install Multicall3 at its canonical address. Default true. */
  multicall3?: boolean
  /** L1 timestamp of the deployment block (genesis batch finalized then). */
  timestamp?: number
  /** Operator wallets: `committer` commits batches, `prover` finalizes bundles (as Scroll's relayer does). Default: the owner. */
  operators?: { committer?: PrivateKeyAccount; prover?: PrivateKeyAccount }
}

export interface ScrollDevnet {
  l1: Anvil
  chain: Chain
  client: DevnetClient
  scrollChain: Address
  systemConfig: Address
  messageQueueV2: Address
  /** The wallets that commit and finalize (the owner unless `operators` named others). */
  operators: { committer: Address; prover: Address }
  /** Commits the next batch; returns its index. */
  commitBatch(timestamp?: number): Promise<bigint>
  /** Finalizes every committed batch (or up to `upTo`); `messages` = L1 messages finalized overall after it. */
  finalize(params?: { upTo?: bigint; messages?: bigint; timestamp?: number }): Promise<bigint>
  /** Owner reverts every batch after `keep`. */
  revertAfter(keep: bigint, timestamp?: number): Promise<TransactionReceipt>
  enqueueMessage(timestamp?: number): Promise<TransactionReceipt>
  setPaused(paused: boolean, timestamp?: number): Promise<TransactionReceipt>
  /** Anyone's commitAndFinalizeBatch: switches enforced mode on once a delay has passed (reverts otherwise). */
  commitAndFinalizeAsAnyone(timestamp?: number): Promise<TransactionReceipt>
  disableEnforcedMode(timestamp?: number): Promise<TransactionReceipt>
  miscData(): Promise<{ lastCommitted: bigint; lastFinalized: bigint; lastFinalizeTimestamp: number; flags: number }>
}

/** Devnet batch header: version 7 and the batch index, where the contract reads them. */
export const batchHeader = (index: bigint): Hex => encodePacked(['uint8', 'uint64'], [7, index])

export async function deployScroll(l1: Anvil, options: DeployScrollOptions = {}): Promise<ScrollDevnet> {
  // Sends are simulated against 'pending' so time-dependent rules see the timestamp just set; gas fixed for the same reason.
  const { chain, client, account, deploy, send: sendAbi } = await createDeployer(l1, { group, gas: TX_GAS })
  const anyone = privateKeyToAccount(ANYONE_PRIVATE_KEY)
  const { committer, prover } = options.operators ?? {}
  /** `by`: another wallet than the owner's. */
  const send = (
    to: Address,
    name: string,
    functionName: string,
    args: readonly unknown[],
    timestamp?: number,
    by?: PrivateKeyAccount,
  ): Promise<TransactionReceipt> => sendAbi(to, artifact(name, group).abi, functionName, args, timestamp, by)

  const systemConfig = await deploy('SystemConfig', [
    { maxDelayEnterEnforcedMode: options.maxDelayEnterEnforcedMode ?? 86_400, maxDelayMessageQueue: options.maxDelayMessageQueue ?? 172_800 },
  ])
  const messageQueueV2 = await deploy('L1MessageQueueV2', [])
  const scrollChain = await deploy(
    'ScrollChain',
    [534_352n, messageQueueV2, options.exposeSystemConfig === false ? zeroAddress : systemConfig, keccak256(toHex('genesis state'))],
    { timestamp: options.timestamp },
  )
  if (options.multicall3 ?? true) await l1.rpc('anvil_setCode', [MULTICALL3_ADDRESS, artifact('Multicall3', group).deployedBytecode])

  const miscData = async () => {
    const [lastCommitted, lastFinalized, lastFinalizeTimestamp, flags] = await client.readContract({
      address: scrollChain,
      abi: scrollChainAbi,
      functionName: 'miscData',
    })
    return { lastCommitted, lastFinalized, lastFinalizeTimestamp, flags }
  }
  const parentHash = async () =>
    (await client.readContract({
      address: scrollChain,
      abi: artifact('ScrollChain', group).abi,
      functionName: 'committedBatches',
      args: [(await miscData()).lastCommitted],
    })) as Hex
  let nonce = 0n
  const nextHash = () => keccak256(encodePacked(['string', 'uint256'], ['devnet batch', nonce++]))

  return {
    l1,
    chain,
    client,
    scrollChain,
    systemConfig,
    messageQueueV2,
    operators: { committer: (committer ?? account).address, prover: (prover ?? account).address },
    miscData,

    async commitBatch(timestamp) {
      await send(scrollChain, 'ScrollChain', 'commitBatches', [7, await parentHash(), nextHash()], timestamp, committer)
      return (await miscData()).lastCommitted
    },

    async finalize({ upTo, messages = 0n, timestamp } = {}) {
      const index = upTo ?? (await miscData()).lastCommitted
      await send(
        scrollChain,
        'ScrollChain',
        'finalizeBundlePostEuclidV2NoProof',
        [batchHeader(index), messages, keccak256(toHex(`state ${index}`)), keccak256(toHex(`withdraw ${index}`))],
        timestamp,
        prover,
      )
      return index
    },

    revertAfter: (keep, timestamp) => send(scrollChain, 'ScrollChain', 'revertBatch', [batchHeader(keep)], timestamp),

    enqueueMessage: (timestamp) => send(messageQueueV2, 'L1MessageQueueV2', 'appendCrossDomainMessage', [zeroAddress, 100_000n, '0x'], timestamp),

    setPaused: (paused, timestamp) => send(scrollChain, 'ScrollChain', 'setPause', [paused], timestamp),

    async commitAndFinalizeAsAnyone(timestamp) {
      // Enforced mode first reverts unfinalized batches, so the parent is the last finalized one.
      const { lastFinalized } = await miscData()
      const parent = (await client.readContract({
        address: scrollChain,
        abi: artifact('ScrollChain', group).abi,
        functionName: 'committedBatches',
        args: [lastFinalized],
      })) as Hex
      const finalizeStruct = {
        batchHeader: encodePacked(['uint8', 'uint64', 'bytes32'], [7, lastFinalized + 1n, nextHash()]),
        totalL1MessagesPoppedOverall: 0n,
        postStateRoot: keccak256(toHex('enforced state')),
        withdrawRoot: keccak256(toHex('enforced withdraw')),
        zkProof: '0x',
      }
      return send(scrollChain, 'ScrollChain', 'commitAndFinalizeBatch', [7, parent, finalizeStruct], timestamp, anyone)
    },

    disableEnforcedMode: (timestamp) => send(scrollChain, 'ScrollChain', 'disableEnforcedBatchMode', [], timestamp),
  }
}
