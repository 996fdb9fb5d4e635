import type { Address, PublicClient } from 'viem'
import { getBlockNumber } from 'viem/actions'
import { type ContractRead, type ContractReadResult, readContracts, unwrap } from '../../rpc/readContracts.js'
import { l1MessageServiceAbi, lineaPauseType, lineaRollupAbi, multicall3BlockNumberAbi } from './abis.js'

/** A pause flag: true/false, or undefined where the deployment does not know the pause type (the call reverted). */
export type PauseFlag = boolean | undefined

export interface LineaRollupState {
  /** L1 block the reads were made at; log scans run up to it. */
  readonly head: bigint
  /** currentL2BlockNumber(): newest L2 block finalized (proven) on L1. */
  readonly finalizedL2Block: bigint
  /** nextMessageNumber(): the number the next L1→L2 message gets (sent so far = this − 1); undefined if it reverted. */
  readonly nextMessageNumber?: bigint
  readonly paused: {
    readonly general: PauseFlag
    readonly finalization: PauseFlag
    readonly stateDataSubmission: PauseFlag
    readonly blobSubmission: PauseFlag
    readonly calldataSubmission: PauseFlag
  }
}

export interface ReadLineaRollupParameters {
  readonly lineaRollup: Address
  readonly multicallAddress?: Address
}

const flag = (result: ContractReadResult | undefined): PauseFlag => (result?.status === 'success' ? Boolean(result.result) : undefined)

/**
 * LineaRollup's finalized L2 block, pause flags and next L1→L2 message number, plus the L1 head for the log scans, in one HTTP request:
 * one Multicall3 call (its getBlockNumber() included), else one JSON-RPC batch of eth_calls and eth_blockNumber.
 */
export async function readLineaRollup(client: PublicClient, { lineaRollup, multicallAddress }: ReadLineaRollupParameters): Promise<LineaRollupState> {
  const isPaused = (pauseType: number): ContractRead => ({ address: lineaRollup, abi: lineaRollupAbi, functionName: 'isPaused', args: [pauseType] })
  const reads: ContractRead[] = [
    { address: lineaRollup, abi: lineaRollupAbi, functionName: 'currentL2BlockNumber' },
    isPaused(lineaPauseType.general),
    isPaused(lineaPauseType.finalization),
    isPaused(lineaPauseType.stateDataSubmission),
    isPaused(lineaPauseType.blobSubmission),
    isPaused(lineaPauseType.calldataSubmission),
    { address: lineaRollup, abi: l1MessageServiceAbi, functionName: 'nextMessageNumber' },
  ]
  let results: ContractReadResult[]
  let head: bigint
  if (multicallAddress) {
    results = await readContracts(client, {
      multicallAddress,
      contracts: [...reads, { address: multicallAddress, abi: multicall3BlockNumberAbi, functionName: 'getBlockNumber' }],
    })
    head = unwrap<bigint>(results.at(-1), 'Multicall3.getBlockNumber()')
  } else {
    // Issued together, so the client's JSON-RPC batching sends them as one HTTP request.
    ;[results, head] = await Promise.all([readContracts(client, { contracts: reads }), getBlockNumber(client, { cacheTime: 0 })])
  }
  const [blockNumber, general, finalization, stateDataSubmission, blobSubmission, calldataSubmission, nextMessage] = results
  return {
    head,
    finalizedL2Block: unwrap<bigint>(blockNumber, 'LineaRollup.currentL2BlockNumber()'),
    ...(nextMessage?.status === 'success' ? { nextMessageNumber: nextMessage.result as bigint } : {}),
    paused: {
      general: flag(general),
      finalization: flag(finalization),
      stateDataSubmission: flag(stateDataSubmission),
      blobSubmission: flag(blobSubmission),
      calldataSubmission: flag(calldataSubmission),
    },
  }
}
