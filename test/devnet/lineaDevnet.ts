// Deploys the devnet LineaRollup (test/devnet/contracts/linea) on an anvil L1 and drives it: data
// submissions, finalizations and pauses, each at an L1 timestamp the test chooses.
import {
  createPublicClient,
  createWalletClient,
  defineChain,
  encodePacked,
  getAddress,
  http,
  keccak256,
  parseAbi,
  type Address,
  type Chain,
  type Hash,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { setNextTimestamp, type Anvil } from './anvil.js'
import { artifact } from './solc.js'

/** Anvil's first default account (funded with 10,000 ETH). */
const DEV_PRIVATE_KEY: Hex = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'
export const LINEA_MULTICALL3_ADDRESS: Address = '0xcA11bde05977b3631167028862bE2a173976CA11'
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
])

/** PauseManager.PauseType values used in tests. */
export const pauseType = { general: 1, blobSubmission: 4, calldataSubmission: 5, finalization: 6, stateDataSubmission: 13 } as const

export interface DeployLineaOptions {
  /** Install Multicall3 at its canonical address. Default true. */
  multicall3?: boolean
  /** Highest PauseType the deployment knows (older ones stop at 8, COMPLETE_TOKEN_BRIDGING). Default 13. */
  highestPauseType?: number
  /** currentL2BlockNumber at deployment. Default 0. */
  initialL2BlockNumber?: bigint
}

export interface LineaDevnet {
  l1: Anvil
  chain: Chain
  client: PublicClient
  lineaRollup: Address
  /** submitDataAsCalldata (DataSubmittedV3) in a block at `timestamp`. */
  submitData(params?: { timestamp?: number }): Promise<TransactionReceipt>
  /** A pre-V3 DataSubmittedV2 log. */
  submitDataV2(params: { startBlock: bigint; endBlock: bigint; timestamp?: number }): Promise<TransactionReceipt>
  /** Finalizes up to L2 block `endBlock` (DataFinalizedV3 + FinalizedStateUpdated). */
  finalize(params: { endBlock: bigint; l2Timestamp?: number; timestamp?: number }): Promise<TransactionReceipt>
  pause(type: number, timestamp?: number): Promise<TransactionReceipt>
  unpause(type: number, timestamp?: number): Promise<TransactionReceipt>
}

export async function deployLinea(l1: Anvil, options: DeployLineaOptions = {}): Promise<LineaDevnet> {
  const id = Number(await l1.rpc<string>('eth_chainId'))
  const chain = defineChain({
    id,
    name: `anvil-${l1.port}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [l1.url] } },
  })
  const client = createPublicClient({ chain, transport: http(l1.url), cacheTime: 0, pollingInterval: 50 }) as PublicClient
  const account = privateKeyToAccount(DEV_PRIVATE_KEY)
  const wallet = createWalletClient({ account, chain, transport: http(l1.url) })

  // One transaction at a time, so "set the next timestamp, then send" stays atomic and nonces stay in order.
  let queue: Promise<unknown> = Promise.resolve()
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task)
    queue = run.catch(() => undefined)
    return run
  }
  const confirm = async (hash: Hash): Promise<TransactionReceipt> => {
    const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 50 })
    if (receipt.status !== 'success') throw new Error(`transaction ${hash} reverted`)
    return receipt
  }

  const { abi, bytecode } = artifact('LineaRollup', group)
  const deployHash = await wallet.deployContract({
    abi,
    bytecode,
    args: [options.initialL2BlockNumber ?? 0n, keccak256(encodePacked(['string'], ['genesis'])), options.highestPauseType ?? 13],
  })
  const deployed = await confirm(deployHash)
  if (!deployed.contractAddress) throw new Error('LineaRollup deployment has no contract address')
  const lineaRollup = getAddress(deployed.contractAddress)
  if (options.multicall3 ?? true)
    await l1.rpc('anvil_setCode', [LINEA_MULTICALL3_ADDRESS, artifact('Multicall3', group).deployedBytecode])

  const send = (functionName: string, args: readonly unknown[], timestamp?: number): Promise<TransactionReceipt> =>
    serial(async () => {
      if (timestamp !== undefined) await setNextTimestamp(l1, timestamp)
      // Fixed gas: estimating against `latest` would see the previous block's timestamp and pause state.
      const hash = await wallet.writeContract({ address: lineaRollup, abi: lineaRollupTestAbi, functionName, args, gas: TX_GAS } as never)
      return confirm(hash)
    })

  let nonce = 0n
  const unique = (label: string): Hex => keccak256(encodePacked(['string', 'uint256'], [label, nonce++]))
  let parentShnarf = unique('shnarf')

  return {
    l1,
    chain,
    client,
    lineaRollup,
    async submitData({ timestamp } = {}) {
      const shnarf = unique('shnarf')
      const receipt = await send(
        'submitDataAsCalldata',
        [{ finalStateRootHash: unique('root'), snarkHash: unique('snark'), compressedData: '0x01' }, parentShnarf, shnarf],
        timestamp,
      )
      parentShnarf = shnarf
      return receipt
    },
    submitDataV2: ({ startBlock, endBlock, timestamp }) => send('emitDataSubmittedV2', [unique('shnarf'), startBlock, endBlock], timestamp),
    finalize: ({ endBlock, l2Timestamp = 0, timestamp }) =>
      send('finalizeForTest', [endBlock, parentShnarf, unique('root'), BigInt(l2Timestamp)], timestamp),
    pause: (type, timestamp) => send('pauseByType', [type], timestamp),
    unpause: (type, timestamp) => send('unPauseByType', [type], timestamp),
  }
}
