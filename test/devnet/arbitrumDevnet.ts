// Deploys the devnet Arbitrum (Nitro) L1 contracts on an anvil node — Bridge, SequencerInbox, a BoLD Rollup and,
// on request, a pre-BoLD LegacyRollup — and offers helpers to drive them (post batches, deliver delayed
// messages, create and confirm assertions or legacy nodes). Contracts: test/devnet/contracts/arbitrum/.
import { concat, keccak256, parseEventLogs, toHex, zeroHash, type Address, type Chain, type Hash, type Hex, type TransactionReceipt } from 'viem'
import type { Anvil } from './anvil.js'
import { createDeployer, type DevnetClient } from './createDeployer.js'
import { installMulticall3 } from './opStackDevnet.js'
import type { ResultRewrite } from './rpcProxy.js'
import { artifact } from './solc.js'

const GROUP = 'arbitrum'

export interface DeployArbitrumOptions {
  /** SequencerInbox maxTimeVariation.delaySeconds (force-inclusion delay). Default 86400, as on Arbitrum One. */
  delaySeconds?: number
  /** maxTimeVariation.delayBlocks. Default delaySeconds / 12. */
  delayBlocks?: number
  /** Rollup confirmPeriodBlocks. Default 45818 (Arbitrum One, ~6.4 d). */
  confirmPeriodBlocks?: number
  /** Also deploy a pre-BoLD LegacyRollup on the same bridge (Bridge.rollup() still points at the BoLD one). */
  legacyRollup?: boolean
  /** Install Multicall3 at its canonical address. Default true. */
  multicall3?: boolean
  /**
   * A delay-bufferable SequencerInbox (BoLD era, as on Arbitrum One): force inclusion after min(delayBlocks,
   * bufferBlocks); the buffer starts full at `maxBlocks`. Without it the inbox has forceInclusionDeadline() but no buffer.
   */
  delayBuffer?: { maxBlocks: number; thresholdBlocks: number }
  /** A pre-BoLD SequencerInbox without forceInclusionDeadline() (the adapter falls back to delayBlocks). */
  preBufferInbox?: boolean
}

export interface ArbitrumDevnet {
  l1: Anvil
  chain: Chain
  client: DevnetClient
  bridge: Address
  sequencerInbox: Address
  /** The BoLD rollup. */
  rollup: Address
  legacyRollup?: Address
  genesisAssertion: Hash

  /** A batch that reads the delayed inbox up to `afterDelayedMessagesRead` (default: no new messages). */
  postBatch(params?: { timestamp?: number; afterDelayedMessagesRead?: bigint }): Promise<{ batch: bigint; receipt: TransactionReceipt }>
  /** A delayed (L1 → L2) message in the Bridge; returns its index. */
  deliverDelayedMessage(params?: { timestamp?: number }): Promise<bigint>
  setMaxTimeVariation(params: { delaySeconds: number; delayBlocks?: number }): Promise<TransactionReceipt>
  /**
   * Delay-bufferable inbox only: sets the buffer as late batches would have depleted it, updated at the next block;
   * `sequencedDelay` blocks of delay still pending (default 0).
   */
  setBufferBlocks(blocks: number, sequencedDelay?: number): Promise<TransactionReceipt>
  /** SequencerInbox.forceInclusionDeadline(l1Block) (delay-bufferable or plain BoLD-era inbox). */
  forceInclusionDeadline(l1Block: bigint): Promise<bigint>
  /** Changes Rollup.confirmPeriodBlocks (mining thousands of anvil blocks takes seconds: confirm early, then raise it). */
  setConfirmPeriodBlocks(blocks: number): Promise<TransactionReceipt>
  /** Points Bridge.rollup() elsewhere, as a rollup upgrade (BoLD's was one) does. */
  setBridgeRollup(rollup: Address): Promise<TransactionReceipt>
  /** An assertion claiming L2 block `l2BlockHash`; the parent defaults to the newest assertion this devnet created. */
  createAssertion(params: { l2BlockHash: Hash; sendRoot?: Hash; parent?: Hash; batch?: bigint; timestamp?: number }): Promise<Hash>
  /** Confirms a pending child of latestConfirmed; confirmPeriodBlocks must have been mined since it was created. */
  confirmAssertion(assertion: Hash, timestamp?: number): Promise<TransactionReceipt>
  /** Legacy rollup only: a NodeCreated, returns the node number. */
  createLegacyNode(params: { l2BlockHash: Hash; timestamp?: number }): Promise<bigint>
  confirmLegacyNode(timestamp?: number): Promise<TransactionReceipt>
}

export async function deployArbitrum(l1: Anvil, options: DeployArbitrumOptions = {}): Promise<ArbitrumDevnet> {
  const delaySeconds = options.delaySeconds ?? 86_400
  const delayBlocks = options.delayBlocks ?? Math.ceil(delaySeconds / 12)
  const confirmPeriodBlocks = BigInt(options.confirmPeriodBlocks ?? 45_818)

  // Sends are simulated against 'pending' (a revert surfaces with its reason, and sees the timestamp just set).
  const { chain, client, account, deploy, send: sendAbi } = await createDeployer(l1, { group: GROUP })
  const send = (to: Address, contract: string, functionName: string, args: readonly unknown[], timestamp?: number) =>
    sendAbi(to, artifact(contract, GROUP).abi, functionName, args, timestamp)
  const events = (contract: string, eventName: string, receipt: TransactionReceipt) =>
    parseEventLogs({ abi: artifact(contract, GROUP).abi, eventName, logs: receipt.logs }) as unknown as { args: Record<string, unknown> }[]

  const bridge = await deploy('Bridge', [])
  const variation = { delayBlocks: BigInt(delayBlocks), futureBlocks: 64n, delaySeconds: BigInt(delaySeconds), futureSeconds: 768n }
  const { delayBuffer } = options
  const sequencerInbox = options.preBufferInbox
    ? await deploy('PreBufferSequencerInbox', [bridge, variation])
    : await deploy('SequencerInbox', [bridge, variation, Boolean(delayBuffer), BigInt(delayBuffer?.maxBlocks ?? 0), BigInt(delayBuffer?.thresholdBlocks ?? 0)])
  const rollup = await deploy('Rollup', [bridge, sequencerInbox, confirmPeriodBlocks])
  await send(bridge, 'Bridge', 'setSequencerInbox', [sequencerInbox])
  await send(bridge, 'Bridge', 'setRollup', [rollup])
  await send(sequencerInbox, 'SequencerInbox', 'setRollup', [rollup])
  const legacyRollup = options.legacyRollup ? await deploy('LegacyRollup', [bridge, sequencerInbox, confirmPeriodBlocks]) : undefined
  if (options.multicall3 ?? true) await installMulticall3(l1)

  const genesisAssertion = (await client.readContract({
    address: rollup,
    abi: artifact('Rollup', GROUP).abi,
    functionName: 'genesisAssertionHash',
  })) as Hash
  let newestAssertion = genesisAssertion
  let sendRootNonce = 0

  return {
    l1,
    chain,
    client,
    bridge,
    sequencerInbox,
    rollup,
    ...(legacyRollup ? { legacyRollup } : {}),
    genesisAssertion,

    async postBatch({ timestamp, afterDelayedMessagesRead } = {}) {
      const read =
        afterDelayedMessagesRead ??
        ((await client.readContract({
          address: sequencerInbox,
          abi: artifact('SequencerInbox', GROUP).abi,
          functionName: 'totalDelayedMessagesRead',
        })) as bigint)
      const receipt = await send(sequencerInbox, 'SequencerInbox', 'postBatch', ['0x00', read], timestamp)
      const [delivered] = events('SequencerInbox', 'SequencerBatchDelivered', receipt)
      if (!delivered) throw new Error('postBatch() emitted no SequencerBatchDelivered')
      return { batch: delivered.args.batchSequenceNumber as bigint, receipt }
    },

    async deliverDelayedMessage({ timestamp } = {}) {
      const receipt = await send(bridge, 'Bridge', 'deliverMessage', [3, account.address, keccak256(toHex(sendRootNonce++))], timestamp)
      const [delivered] = events('Bridge', 'MessageDelivered', receipt)
      if (!delivered) throw new Error('deliverMessage() emitted no MessageDelivered')
      return delivered.args.messageIndex as bigint
    },

    setMaxTimeVariation: ({ delaySeconds: seconds, delayBlocks: blocks }) =>
      send(sequencerInbox, 'SequencerInbox', 'setMaxTimeVariation', [
        { delayBlocks: BigInt(blocks ?? Math.ceil(seconds / 12)), futureBlocks: 64n, delaySeconds: BigInt(seconds), futureSeconds: 768n },
      ]),

    setBufferBlocks: (blocks, sequencedDelay = 0) => send(sequencerInbox, 'SequencerInbox', 'setBufferBlocks', [BigInt(blocks), BigInt(sequencedDelay)]),

    forceInclusionDeadline: async (l1Block) =>
      (await client.readContract({
        address: sequencerInbox,
        abi: artifact('SequencerInbox', GROUP).abi,
        functionName: 'forceInclusionDeadline',
        args: [l1Block],
      })) as bigint,

    setConfirmPeriodBlocks: (blocks) => send(rollup, 'Rollup', 'setConfirmPeriodBlocks', [BigInt(blocks)]),

    setBridgeRollup: (address) => send(bridge, 'Bridge', 'setRollup', [address]),

    async createAssertion({ l2BlockHash, sendRoot = keccak256(toHex(`send-root-${sendRootNonce++}`)), parent, batch = 0n, timestamp }) {
      const receipt = await send(rollup, 'Rollup', 'createAssertion', [parent ?? newestAssertion, l2BlockHash, sendRoot, batch], timestamp)
      const [created] = events('Rollup', 'AssertionCreated', receipt)
      if (!created) throw new Error('createAssertion() emitted no AssertionCreated')
      newestAssertion = created.args.assertionHash as Hash
      return newestAssertion
    },

    confirmAssertion: (assertion, timestamp) => send(rollup, 'Rollup', 'confirmAssertion', [assertion], timestamp),

    async createLegacyNode({ l2BlockHash, timestamp }) {
      if (!legacyRollup) throw new Error('deployed without legacyRollup')
      const receipt = await send(legacyRollup, 'LegacyRollup', 'createNode', [l2BlockHash, zeroHash], timestamp)
      const [created] = events('LegacyRollup', 'NodeCreated', receipt)
      if (!created) throw new Error('createNode() emitted no NodeCreated')
      return created.args.nodeNum as bigint
    },

    confirmLegacyNode(timestamp) {
      if (!legacyRollup) throw new Error('deployed without legacyRollup')
      return send(legacyRollup, 'LegacyRollup', 'confirmNextNode', [], timestamp)
    },
  }
}

/** Hash of an L2 block, to put in an assertion's afterState (the adapter reads it back with eth_getBlockByHash). */
export async function l2BlockHash(l2: Anvil, blockNumber: number): Promise<Hex> {
  const block = await l2.rpc<{ hash: Hex }>('eth_getBlockByNumber', [toHex(blockNumber), false])
  return block.hash
}

/** The send root the devnet L2 serves for a block (through `serveSendRoots`; anvil itself has none). */
export const devnetSendRoot = (blockHash: Hex): Hex => keccak256(concat([toHex('send-root'), blockHash]))

/** An L2 proxy result rewrite: blocks carry `sendRoot` in their JSON, as Nitro's do. */
export const serveSendRoots: ResultRewrite = (call, result) =>
  (call.method === 'eth_getBlockByHash' || call.method === 'eth_getBlockByNumber') && result && typeof result === 'object'
    ? { result: { ...result, sendRoot: devnetSendRoot((result as { hash: Hex }).hash) } }
    : undefined
