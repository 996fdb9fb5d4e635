import { parseAbi } from 'viem'

// The reads and events the monitor needs from Scroll's L1 contracts, declared with the real scroll-contracts
// signatures (selectors and topics in l2-data-sources.md §4, checked in the devnet tests).

export const scrollChainAbi = parseAbi([
  'function miscData() view returns (uint64 lastCommittedBatchIndex, uint64 lastFinalizedBatchIndex, uint32 lastFinalizeTimestamp, uint8 flags, uint88 reserved)',
  'function lastFinalizedBatchIndex() view returns (uint256)',
  'function isEnforcedModeEnabled() view returns (bool)',
  'function paused() view returns (bool)',
  /** Immutable on the implementation: found again after an upgrade by hourly rediscovery. */
  'function systemConfig() view returns (address)',
  'function messageQueueV2() view returns (address)',
])

export const commitBatchEvent = parseAbi(['event CommitBatch(uint256 indexed batchIndex, bytes32 indexed batchHash)'])[0]

/** Both revert events ScrollChain has emitted: one pending batch (pre-EuclidV2) and a range of batches. */
export const revertBatchEvents = parseAbi([
  'event RevertBatch(uint256 indexed batchIndex, bytes32 indexed batchHash)',
  'event RevertBatch(uint256 indexed startBatchIndex, uint256 indexed finishBatchIndex)',
])

export const scrollSystemConfigAbi = parseAbi([
  'function enforcedBatchParameters() view returns (uint24 maxDelayEnterEnforcedMode, uint24 maxDelayMessageQueue)',
])

export const l1MessageQueueV2Abi = parseAbi([
  /** Enqueue time of the oldest L1 message not yet finalized; block.timestamp when none is pending. */
  'function getFirstUnfinalizedMessageEnqueueTime() view returns (uint256)',
  /** Messages enqueued so far, and the first one not yet finalized on L1 (the pending ones lie between). */
  'function nextCrossDomainMessageIndex() view returns (uint256)',
  'function nextUnfinalizedQueueIndex() view returns (uint256)',
])

/** Multicall3's block getters: the L1 head comes back in the same eth_call as the contract reads. */
export const multicall3BlockAbi = parseAbi([
  'function getBlockNumber() view returns (uint256 blockNumber)',
  'function getCurrentBlockTimestamp() view returns (uint256 timestamp)',
])

/** Bit of `miscData.flags` set while enforced (permissionless) batch mode is on (ScrollChain ENFORCED_MODE_OFFSET). */
export const enforcedModeFlagBit = 1
