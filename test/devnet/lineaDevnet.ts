// Deploys the devnet LineaRollup (test/devnet/contracts/linea) on an anvil L1 and drives it: data
// submissions, finalizations and pauses, each at an L1 timestamp the test chooses.
import {
  encodePacked,
  keccak256,
  parseAbi,
  type Address,
  type Chain,
  type Hex,
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

  const send = (functionName: string, args: readonly unknown[], timestamp?: number): Promise<TransactionReceipt> =>
    deployer.send(lineaRollup, lineaRollupTestAbi, functionName, args, timestamp)

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
