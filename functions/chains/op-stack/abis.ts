import { parseAbi } from 'viem'

// viem/op-stack keeps its contract ABIs internal (not in the package exports), so the few reads the
// monitor needs are declared here with the real contracts' signatures (selectors in l2-data-sources.md).

export const systemConfigAbi = parseAbi([
  'function disputeGameFactory() view returns (address)',
  'function optimismPortal() view returns (address)',
  'function l2OutputOracle() view returns (address)',
  // The batcher's address in the low 20 bytes (SystemConfig.batcherHash).
  'function batcherHash() view returns (bytes32)',
])

/** PermissionedDisputeGame: the one address allowed to propose. */
export const permissionedGameAbi = parseAbi(['function proposer() view returns (address)'])

/** Every dispute game clone: who created it (the proposer of a permissionless game). */
export const gameCreatorAbi = parseAbi(['function gameCreator() pure returns (address)'])

/** OptimismPortal 1.x (before fault proofs) names its L2OutputOracle. */
export const optimismPortalLegacyAbi = parseAbi(['function l2Oracle() view returns (address)'])

export const optimismPortal2Abi = parseAbi([
  'function respectedGameType() view returns (uint32)',
  'function anchorStateRegistry() view returns (address)',
])

export const disputeGameFactoryAbi = parseAbi([
  'function gameCount() view returns (uint256)',
  'function gameAtIndex(uint256 index) view returns (uint32 gameType, uint64 timestamp, address proxy)',
  'function gameImpls(uint32 gameType) view returns (address)',
  'struct GameSearchResult { uint256 index; bytes32 metadata; uint64 timestamp; bytes32 rootClaim; bytes extraData; }',
  'function findLatestGames(uint32 gameType, uint256 start, uint256 n) view returns (GameSearchResult[] games)',
])

export const disputeGameAbi = parseAbi([
  'function status() view returns (uint8)',
  'function resolvedAt() view returns (uint64)',
  'function maxClockDuration() view returns (uint64)',
  'function anchorStateRegistry() view returns (address)',
])

/** Base's AggregateVerifier: no clock; each game ends at its own expectedResolution(). */
export const aggregateVerifierAbi = parseAbi([
  'function SLOW_FINALIZATION_DELAY() view returns (uint64)',
  'function FAST_FINALIZATION_DELAY() view returns (uint64)',
  'function expectedResolution() view returns (uint64)',
])

export const anchorStateRegistryAbi = parseAbi([
  // The second value is the anchor game's l2SequenceNumber: a block number, or a timestamp for super roots.
  'function getAnchorRoot() view returns (bytes32 root, uint256 l2SequenceNumber)',
  'function retirementTimestamp() view returns (uint64)',
  'function paused() view returns (bool)',
  'function disputeGameFinalityDelaySeconds() view returns (uint256)',
])

export const l2OutputOracleAbi = parseAbi([
  'function latestOutputIndex() view returns (uint256)',
  'struct OutputProposal { bytes32 outputRoot; uint128 timestamp; uint128 l2BlockNumber; }',
  'function getL2Output(uint256 index) view returns (OutputProposal)',
])

/** IDisputeGame status values. */
export const gameStatus = { inProgress: 0, challengerWins: 1, defenderWins: 2 } as const

/** OptimismPortal2 events of proveWithdrawalTransaction (both carry the withdrawal hash as topic 1). */
export const withdrawalProvenEvents = parseAbi([
  'event WithdrawalProven(bytes32 indexed withdrawalHash, address indexed from, address indexed to)',
  'event WithdrawalProvenExtension1(bytes32 indexed withdrawalHash, address indexed proofSubmitter)',
])

/** L2ToL1MessagePasser predeploy: every withdrawal initiated on L2 is marked in `sentMessages`. */
export const l2ToL1MessagePasserAbi = parseAbi(['function sentMessages(bytes32) view returns (bool)'])

/** The L1Block predeploy on every OP Stack L2: the L1 origin the L2 builds on (uint64 number and timestamp in slot 0). */
export const l1BlockAddress = '0x4200000000000000000000000000000000000015'
export const l1BlockAbi = parseAbi(['function number() view returns (uint64)', 'function timestamp() view returns (uint64)'])

/** OptimismPortal(2): every L1→L2 deposit (depositTransaction) emits this; opaqueData packs mint, value, gas, data. */
export const transactionDepositedEvents = parseAbi(['event TransactionDeposited(address indexed from, address indexed to, uint256 indexed version, bytes opaqueData)'])
