import { parseAbi } from 'viem'

// viem/zksync keeps its L1 contract ABIs internal (not in the package exports), so the reads the monitor needs
// are declared here with the real era-contracts signatures (IGetters, IExecutor, ValidatorTimelock,
// ChainTypeManager); selectors and topic0s are listed in l2-data-sources.md §3 and checked in the tests.

/** The ZK chain diamond (Era: 0x32400084…0324): Getters facet views and Executor facet events. */
export const diamondAbi = parseAbi([
  'function getTotalBatchesCommitted() view returns (uint256)',
  'function getTotalBatchesVerified() view returns (uint256)',
  'function getTotalBatchesExecuted() view returns (uint256)',
  'function isDiamondStorageFrozen() view returns (bool)',
  'function getSettlementLayer() view returns (address)',
  'function getChainTypeManager() view returns (address)',
  // Name of the same getter before the ChainTypeManager rename (older diamonds).
  'function getStateTransitionManager() view returns (address)',
  'function isValidator(address _address) view returns (bool)',
  // Priority queue (L1→L2 transactions; a priority tree since v26, same getters): processed = executed on L1.
  'function getTotalPriorityTxs() view returns (uint256)',
  'function getFirstUnprocessedPriorityTx() view returns (uint256)',
  'function getPriorityQueueSize() view returns (uint256)',
  'event BlockCommit(uint256 indexed batchNumber, bytes32 indexed batchHash, bytes32 indexed commitment)',
  'event BlocksVerification(uint256 indexed previousLastVerifiedBatch, uint256 indexed currentLastVerifiedBatch)',
  'event BlockExecution(uint256 indexed batchNumber, bytes32 indexed batchHash, bytes32 indexed commitment)',
  'event BlocksRevert(uint256 totalBatchesCommitted, uint256 totalBatchesVerified, uint256 totalBatchesExecuted)',
  // Mailbox facet: every priority request. NewPriorityRequestId (since Aug 2025) indexes the id; older diamonds
  // emit only NewPriorityRequest, whose txId is in the data.
  'struct L2CanonicalTransaction { uint256 txType; uint256 from; uint256 to; uint256 gasLimit; uint256 gasPerPubdataByteLimit; uint256 maxFeePerGas; uint256 maxPriorityFeePerGas; uint256 paymaster; uint256 nonce; uint256 value; uint256[4] reserved; bytes data; bytes signature; uint256[] factoryDeps; bytes paymasterInput; bytes reservedDynamic; }',
  'event NewPriorityRequest(uint256 txId, bytes32 txHash, uint64 expirationTimestamp, L2CanonicalTransaction transaction, bytes[] factoryDeps)',
  'event NewPriorityRequestId(uint256 indexed txId, bytes32 indexed txHash)',
])

export const validatorTimelockAbi = parseAbi([
  'function executionDelay() view returns (uint32)',
  'function getCommittedBatchTimestamp(address _chainAddress, uint256 _l2BatchNumber) view returns (uint256)',
])

export const chainTypeManagerAbi = parseAbi([
  'function validatorTimelock() view returns (address)',
  'function validatorTimelockPostV29() view returns (address)',
])

/**
 * The Bridgehub system contract on a ZK settlement layer (Gateway), at L2_BRIDGEHUB_ADDR 0x…10002 as on every ZK
 * chain: `getZKChain(chainId)` names the chain's diamond there.
 */
export const l2BridgehubAddress = '0x0000000000000000000000000000000000010002' as const
export const bridgehubAbi = parseAbi(['function getZKChain(uint256 _chainId) view returns (address)'])

/** Multicall3's block getter: the L1 head for log scans comes back in the same eth_call as the reads. */
export const multicall3BlockAbi = parseAbi(['function getBlockNumber() view returns (uint256 blockNumber)'])
