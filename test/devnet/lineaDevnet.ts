// Deploys the devnet LineaRollup (test/devnet/contracts/linea) on an anvil L1 and drives it: data
// submissions, finalizations, pauses and L1→L2 messages, each at an L1 timestamp the test chooses; and the
// L2MessageService on the L2 anvil, where the coordinator anchors those messages.
import {
  encodePacked,
  pad,
  toHex,
  keccak256,
  parseAbi,
  parseEventLogs,
  type Address,
  type Chain,
  type Hex,
  type PrivateKeyAccount,
  type PublicClient,
  type TransactionReceipt,
} from 'viem'
import type { Anvil } from './anvil.js'
import { createDeployer, MULTICALL3_ADDRESS } from './createDeployer.js'
import { artifact } from './solc.js'

export const LINEA_MULTICALL3_ADDRESS: Address = MULTICALL3_ADDRESS
const TX_GAS = 1_000_000n
const group = 'linea'

/** The devnet contract's ABI for driving it (the adapter has its own, in functions/chains/linea/abis.ts). */
export const lineaRollupTestAbi = parseAbi([
  'function currentL2BlockNumber() view returns (uint256)',
  'function stateRootHashes(uint256) view returns (bytes32)',
  'function currentFinalizedShnarf() view returns (bytes32)',
  'function isPaused(uint8 pauseType) view returns (bool)',
  'function pauseByType(uint8 pauseType)',
  'function unPauseByType(uint8 pauseType)',
  'struct CompressedCalldataSubmission { bytes32 finalStateRootHash; bytes32 snarkHash; bytes compressedData; }',
  'function submitDataAsCalldata(CompressedCalldataSubmission submission, bytes32 parentShnarf, bytes32 expectedShnarf)',
  'function emitDataSubmittedV2(bytes32 shnarf, uint256 startBlock, uint256 endBlock)',
  'function finalizeForTest(uint256 endBlockNumber, bytes32 shnarf, bytes32 finalStateRootHash, uint256 finalTimestamp)',
  'function sendMessage(address _to, uint256 _fee, bytes _calldata) payable',
  'function nextMessageNumber() view returns (uint256)',
  'event RollingHashUpdated(uint256 indexed messageNumber, bytes32 indexed rollingHash, bytes32 indexed messageHash)',
])

/** The devnet L2MessageService's driving ABI. */
export const l2MessageServiceTestAbi = parseAbi([
  'function anchorL1L2MessageHashes(bytes32[] _messageHashes, uint256 _startingMessageNumber, uint256 _finalMessageNumber, bytes32 _finalRollingHash)',
  'function lastAnchoredL1MessageNumber() view returns (uint256)',
])

/** An L1→L2 message as sent on L1: what the coordinator anchors on L2. */
export interface SentL1Message {
  readonly number: bigint
  readonly hash: Hex
  readonly rollingHash: Hex
  readonly l1Block: bigint
}

/** PauseManager.PauseType values used in tests. */
export const pauseType = { general: 1, blobSubmission: 4, calldataSubmission: 5, finalization: 6, stateDataSubmission: 13 } as const

export interface DeployLineaOptions {
  /** Install Multicall3 at its canonical address. Default true. */
  multicall3?: boolean
  /** Highest PauseType the deployment knows (older ones stop at 8, COMPLETE_TOKEN_BRIDGING). Default 13. */
  highestPauseType?: number
  /** currentL2BlockNumber at deployment. Default 0. */
  initialL2BlockNumber?: bigint
  /** Operator wallets: `submitter` sends data submissions, `finalizer` finalizations. Default: the deployer. */
  operators?: { submitter?: PrivateKeyAccount; finalizer?: PrivateKeyAccount }
}

export interface LineaDevnet {
  l1: Anvil
  chain: Chain
  client: PublicClient
  lineaRollup: Address
  /** The wallets that submit data and finalize (the deployer unless `operators` named others). */
  operators: { submitter: Address; finalizer: Address }
  /** submitDataAsCalldata (DataSubmittedV3) in a block at `timestamp`. */
  submitData(params?: { timestamp?: number }): Promise<TransactionReceipt>
  /** A pre-V3 DataSubmittedV2 log. */
  submitDataV2(params: { startBlock: bigint; endBlock: bigint; timestamp?: number }): Promise<TransactionReceipt>
  /** Finalizes up to L2 block `endBlock` (DataFinalizedV3 + FinalizedStateUpdated). */
  finalize(params: { endBlock: bigint; l2Timestamp?: number; timestamp?: number }): Promise<TransactionReceipt>
  pause(type: number, timestamp?: number): Promise<TransactionReceipt>
  unpause(type: number, timestamp?: number): Promise<TransactionReceipt>
  /** An L1→L2 message (sendMessage: MessageSent + RollingHashUpdated) in a block at `timestamp`. */
  sendMessage(params?: { timestamp?: number }): Promise<SentL1Message>
  /** Every message sent so far, oldest first. */
  readonly sentMessages: readonly SentL1Message[]
}

export interface L2MessageServiceDevnet {
  readonly address: Address
  /** Anchors the L1 messages after the last anchored one up to number `upTo`, as the coordinator does. */
  anchor(messages: readonly SentL1Message[], upTo: bigint, timestamp?: number): Promise<TransactionReceipt>
}

/** Deploys the devnet L2MessageService on the L2 node. */
export async function deployL2MessageService(l2: Anvil): Promise<L2MessageServiceDevnet> {
  const deployer = await createDeployer(l2, { group, gas: TX_GAS, simulate: false })
  const address = await deployer.deploy('L2MessageService', [])
  return {
    address,
    async anchor(messages, upTo, timestamp) {
      const last = (await deployer.client.readContract({ address, abi: l2MessageServiceTestAbi, functionName: 'lastAnchoredL1MessageNumber' })) as bigint
      const batch = messages.filter((m) => m.number > last && m.number <= upTo)
      if (batch.length === 0) throw new Error(`no L1 message after #${last} up to #${upTo}`)
      const args = [batch.map((m) => m.hash), last + 1n, upTo, batch.at(-1)!.rollingHash]
      return deployer.send(address, l2MessageServiceTestAbi, 'anchorL1L2MessageHashes', args, timestamp)
    },
  }
}

/** Where Linea mainnet has its L2MessageService (the replay installs the devnet one there). */
export const L2_MESSAGE_SERVICE_ADDRESS: Address = '0x508Ca82Df566dCD1B0DE8296e70a96332cD644ec'

export interface InstalledL2MessageService {
  readonly address: Address
  /** Messages anchored up to `number`: the state the coordinator's anchorL1L2MessageHashes leaves. */
  setAnchored(number: bigint): Promise<void>
}

/**
 * The devnet L2MessageService as code at its mainnet address on an L2 that mines only when told (the replay's),
 * where a deployment or an anchoring transaction would wait for a block: anchoring writes its counter's slot.
 */
export async function installL2MessageService(l2: Anvil): Promise<InstalledL2MessageService> {
  await l2.rpc('anvil_setCode', [L2_MESSAGE_SERVICE_ADDRESS, artifact('L2MessageService', group).deployedBytecode])
  return {
    address: L2_MESSAGE_SERVICE_ADDRESS,
    // lastAnchoredL1MessageNumber is the contract's first storage slot.
    setAnchored: (number) => l2.rpc('anvil_setStorageAt', [L2_MESSAGE_SERVICE_ADDRESS, toHex(0, { size: 32 }), pad(toHex(number), { size: 32 })]),
  }
}

export async function deployLinea(l1: Anvil, options: DeployLineaOptions = {}): Promise<LineaDevnet> {
  // No simulation and fixed gas: estimating against `latest` would see the previous block's timestamp and pause state.
  const deployer = await createDeployer(l1, { group, gas: TX_GAS, simulate: false })
  const { chain, deploy } = deployer
  const client = deployer.client as PublicClient

  const lineaRollup = await deploy('LineaRollup', [
    options.initialL2BlockNumber ?? 0n,
    keccak256(encodePacked(['string'], ['genesis'])),
    options.highestPauseType ?? 13,
  ])
  if (options.multicall3 ?? true)
    await l1.rpc('anvil_setCode', [LINEA_MULTICALL3_ADDRESS, artifact('Multicall3', group).deployedBytecode])

  const { submitter = deployer.account, finalizer = deployer.account } = options.operators ?? {}
  const send = (functionName: string, args: readonly unknown[], timestamp?: number, from?: PrivateKeyAccount): Promise<TransactionReceipt> =>
    deployer.send(lineaRollup, lineaRollupTestAbi, functionName, args, timestamp, from)

  let nonce = 0n
  const unique = (label: string): Hex => keccak256(encodePacked(['string', 'uint256'], [label, nonce++]))
  let parentShnarf = unique('shnarf')
  const sentMessages: SentL1Message[] = []

  return {
    l1,
    chain,
    client,
    lineaRollup,
    operators: { submitter: submitter.address, finalizer: finalizer.address },
    async submitData({ timestamp } = {}) {
      const shnarf = unique('shnarf')
      const receipt = await send(
        'submitDataAsCalldata',
        [{ finalStateRootHash: unique('root'), snarkHash: unique('snark'), compressedData: '0x01' }, parentShnarf, shnarf],
        timestamp,
        submitter,
      )
      parentShnarf = shnarf
      return receipt
    },
    submitDataV2: ({ startBlock, endBlock, timestamp }) => send('emitDataSubmittedV2', [unique('shnarf'), startBlock, endBlock], timestamp),
    finalize: ({ endBlock, l2Timestamp = 0, timestamp }) =>
      send('finalizeForTest', [endBlock, parentShnarf, unique('root'), BigInt(l2Timestamp)], timestamp, finalizer),
    pause: (type, timestamp) => send('pauseByType', [type], timestamp),
    unpause: (type, timestamp) => send('unPauseByType', [type], timestamp),
    async sendMessage({ timestamp } = {}) {
      const receipt = await send('sendMessage', [deployer.account.address, 0n, '0x'], timestamp)
      const [updated] = parseEventLogs({ abi: lineaRollupTestAbi, eventName: 'RollingHashUpdated', logs: receipt.logs })
      if (!updated) throw new Error('sendMessage() emitted no RollingHashUpdated')
      const message = { number: updated.args.messageNumber, hash: updated.args.messageHash, rollingHash: updated.args.rollingHash, l1Block: receipt.blockNumber }
      sentMessages.push(message)
      return message
    },
    sentMessages,
  }
}
