import { parseAbi } from 'viem'

// LineaRollup (L1) signatures from linea-monorepo contracts/src (selectors and topic0s in l2-data-sources.md §5).

export const lineaRollupAbi = parseAbi([
  /** Last L2 block whose state is proven and finalized on L1. */
  'function currentL2BlockNumber() view returns (uint256)',
  /** PauseManager.isPaused(PauseType); enums are uint8 in the ABI. */
  'function isPaused(uint8 pauseType) view returns (bool)',
])

export const dataSubmittedV3Event = parseAbi(['event DataSubmittedV3(bytes32 parentShnarf, bytes32 indexed shnarf, bytes32 finalStateRootHash)'])[0]
/** What deployments before the V3 contracts logged per submission. */
export const dataSubmittedV2Event = parseAbi(['event DataSubmittedV2(bytes32 indexed shnarf, uint256 indexed startBlock, uint256 indexed endBlock)'])[0]
export const dataFinalizedV3Event = parseAbi([
  'event DataFinalizedV3(uint256 indexed startBlockNumber, uint256 indexed endBlockNumber, bytes32 indexed shnarf, bytes32 parentStateRootHash, bytes32 finalStateRootHash)',
])[0]

/** L1MessageService (part of LineaRollup): L1→L2 messages, numbered from 1. */
export const l1MessageServiceAbi = parseAbi(['function nextMessageNumber() view returns (uint256)'])
/** Emitted with every MessageSent (L1MessageManager._addRollingHash): the message number indexed, so one is found by it. */
export const rollingHashUpdatedL1Event = parseAbi([
  'event RollingHashUpdated(uint256 indexed messageNumber, bytes32 indexed rollingHash, bytes32 indexed messageHash)',
])[0]
export const messageSentEvent = parseAbi([
  'event MessageSent(address indexed _from, address indexed _to, uint256 _fee, uint256 _value, uint256 _nonce, bytes _calldata, bytes32 indexed _messageHash)',
])[0]
/** L2MessageService (on the L2): the newest L1 message anchored there by the coordinator. */
export const l2MessageServiceAbi = parseAbi(['function lastAnchoredL1MessageNumber() view returns (uint256)'])

export const multicall3BlockNumberAbi = parseAbi(['function getBlockNumber() view returns (uint256 blockNumber)'])

/** PauseManager.PauseType values the monitor reads. */
export const lineaPauseType = {
  general: 1,
  /** Deprecated by STATE_DATA_SUBMISSION; what older deployments pause blob submission with. */
  blobSubmission: 4,
  /** Deprecated by STATE_DATA_SUBMISSION; what older deployments pause calldata submission with. */
  calldataSubmission: 5,
  finalization: 6,
  stateDataSubmission: 13,
} as const
