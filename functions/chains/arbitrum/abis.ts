import { parseAbi } from 'viem'

// The reads and events the monitor needs from Arbitrum Nitro's L1 contracts, declared with the real
// nitro-contracts signatures (selectors and topics in l2-data-sources.md §2, checked in the devnet tests).

export const bridgeAbi = parseAbi([
  'function rollup() view returns (address)',
  'function sequencerInbox() view returns (address)',
  'function delayedMessageCount() view returns (uint256)',
  'event MessageDelivered(uint256 indexed messageIndex, bytes32 indexed beforeInboxAcc, address inbox, uint8 kind, address sender, bytes32 messageDataHash, uint256 baseFeeL1, uint64 timestamp)',
])

export const sequencerInboxAbi = parseAbi([
  'function batchCount() view returns (uint256)',
  'function totalDelayedMessagesRead() view returns (uint256)',
  'function maxTimeVariation() view returns (uint256 delayBlocks, uint256 futureBlocks, uint256 delaySeconds, uint256 futureSeconds)',
  // BoLD era: force inclusion counts L1 blocks, limited by the delay buffer (absent on older inboxes).
  'function forceInclusionDeadline(uint64 blockNumber) view returns (uint64)',
  'function isDelayBufferable() view returns (bool)',
  'function buffer() view returns (uint64 bufferBlocks, uint64 max, uint64 threshold, uint64 prevBlockNumber, uint64 replenishRateInBasis, uint64 prevSequencedBlockNumber)',
  'struct TimeBounds { uint64 minTimestamp; uint64 maxTimestamp; uint64 minBlockNumber; uint64 maxBlockNumber; }',
  'event SequencerBatchDelivered(uint256 indexed batchSequenceNumber, bytes32 indexed beforeAcc, bytes32 indexed afterAcc, bytes32 delayedAcc, uint256 afterDelayedMessagesRead, TimeBounds timeBounds, uint8 dataLocation)',
])

/** BoLD rollup (RollupCore / RollupUserLogic after the BoLD upgrade). */
export const boldRollupAbi = parseAbi([
  'function bridge() view returns (address)',
  'function sequencerInbox() view returns (address)',
  'function confirmPeriodBlocks() view returns (uint64)',
  'function latestConfirmed() view returns (bytes32)',
  'function genesisAssertionHash() pure returns (bytes32)',
  'struct AssertionNode { uint64 firstChildBlock; uint64 secondChildBlock; uint64 createdAtBlock; bool isFirstChild; uint8 status; bytes32 configHash; }',
  'function getAssertion(bytes32 assertionHash) view returns (AssertionNode)',
  'struct GlobalState { bytes32[2] bytes32Vals; uint64[2] u64Vals; }',
  'struct AssertionState { GlobalState globalState; uint8 machineStatus; bytes32 endHistoryRoot; }',
  'struct ConfigData { bytes32 wasmModuleRoot; uint256 requiredStake; address challengeManager; uint64 confirmPeriodBlocks; uint64 nextInboxPosition; }',
  'struct BeforeStateData { bytes32 prevPrevAssertionHash; bytes32 sequencerBatchAcc; ConfigData configData; }',
  'struct AssertionInputs { BeforeStateData beforeStateData; AssertionState beforeState; AssertionState afterState; }',
  'event AssertionCreated(bytes32 indexed assertionHash, bytes32 indexed parentAssertionHash, AssertionInputs assertion, bytes32 afterInboxBatchAcc, uint256 inboxMaxCount, bytes32 wasmModuleRoot, uint256 requiredStake, address challengeManager, uint64 confirmPeriodBlocks)',
  'event AssertionConfirmed(bytes32 indexed assertionHash, bytes32 blockHash, bytes32 sendRoot)',
])

/** Pre-BoLD rollup: node numbers instead of assertion hashes. Only used to recognise one. */
export const legacyRollupAbi = parseAbi([
  'function latestNodeCreated() view returns (uint64)',
  'function latestConfirmed() view returns (uint64)',
  'struct GlobalState { bytes32[2] bytes32Vals; uint64[2] u64Vals; }',
  'struct ExecutionState { GlobalState globalState; uint8 machineStatus; }',
  'struct Assertion { ExecutionState beforeState; ExecutionState afterState; uint64 numBlocks; }',
  'event NodeCreated(uint64 indexed nodeNum, bytes32 indexed parentNodeHash, bytes32 indexed nodeHash, bytes32 executionHash, Assertion assertion, bytes32 afterInboxBatchAcc, bytes32 wasmModuleRoot, uint256 inboxMaxCount)',
  'event NodeConfirmed(uint64 indexed nodeNum, bytes32 blockHash, bytes32 sendRoot)',
])

/** BoLD AssertionStatus. */
export const assertionStatus = { noAssertion: 0, pending: 1, confirmed: 2 } as const
