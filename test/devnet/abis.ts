// Typed ABIs for the devnet contracts, written with the real OP Stack signatures (see
// shared/reference/l2-data-sources.md §1). devnet.test.ts checks them against the compiled
// contracts and the documented selectors. Note: viem 2.57 does NOT export its OP Stack ABIs
// from 'viem/op-stack' (only its actions use them), so code needs ABIs like these of its own.
import { parseAbi } from 'viem'

export const systemConfigAbi = parseAbi([
  'function optimismPortal() view returns (address)',
  'function disputeGameFactory() view returns (address)',
  'function l2OutputOracle() view returns (address)',
  'function batchInbox() view returns (address)',
  'function batcherHash() view returns (bytes32)',
  'function setBatcherHash(bytes32 _batcherHash)',
  'event ConfigUpdate(uint256 indexed version, uint8 indexed updateType, bytes data)',
])

export const optimismPortal2Abi = parseAbi([
  'function respectedGameType() view returns (uint32)',
  'function respectedGameTypeUpdatedAt() view returns (uint64)',
  'function setRespectedGameType(uint32 _gameType)',
  'function proofMaturityDelaySeconds() view returns (uint256)',
  'function disputeGameFinalityDelaySeconds() view returns (uint256)',
  'function disputeGameFactory() view returns (address)',
  'function anchorStateRegistry() view returns (address)',
  'function paused() view returns (bool)',
  'function proveWithdrawalForTest(bytes32 _withdrawalHash, address _from, address _to)',
  'event WithdrawalProven(bytes32 indexed withdrawalHash, address indexed from, address indexed to)',
  'event WithdrawalProvenExtension1(bytes32 indexed withdrawalHash, address indexed proofSubmitter)',
  'function depositTransaction(address _to, uint256 _value, uint64 _gasLimit, bool _isCreation, bytes _data) payable',
  'event TransactionDeposited(address indexed from, address indexed to, uint256 indexed version, bytes opaqueData)',
])

/** Devnet L2ToL1MessagePasser (0x4200…0016 on the L2 anvil). */
export const l2ToL1MessagePasserAbi = parseAbi([
  'function sentMessages(bytes32) view returns (bool)',
  'function setSentMessageForTest(bytes32 _withdrawalHash)',
])

export const disputeGameFactoryAbi = parseAbi([
  'function gameCount() view returns (uint256 gameCount_)',
  'function gameAtIndex(uint256 _index) view returns (uint32 gameType_, uint64 timestamp_, address proxy_)',
  'function findLatestGames(uint32 _gameType, uint256 _start, uint256 _n) view returns ((uint256 index, bytes32 metadata, uint64 timestamp, bytes32 rootClaim, bytes extraData)[] games_)',
  'function games(uint32 _gameType, bytes32 _rootClaim, bytes _extraData) view returns (address proxy_, uint64 timestamp_)',
  'function getGameUUID(uint32 _gameType, bytes32 _rootClaim, bytes _extraData) pure returns (bytes32 uuid_)',
  'function gameImpls(uint32) view returns (address)',
  'function setImplementation(uint32 _gameType, address _impl)',
  'function registerGame(uint32 _gameType, address _game, bytes32 _rootClaim, bytes _extraData)',
  'function create(uint32 _gameType, bytes32 _rootClaim, bytes _extraData) payable returns (address proxy_)',
  'event DisputeGameCreated(address indexed disputeProxy, uint32 indexed gameType, bytes32 indexed rootClaim)',
  'event ImplementationSet(address indexed impl, uint32 indexed gameType)',
  'error NoImplementation(uint32 gameType)',
  'error GameAlreadyExists(bytes32 uuid)',
])

export const faultDisputeGameAbi = parseAbi([
  'function rootClaim() view returns (bytes32)',
  'function l2BlockNumber() view returns (uint256)',
  'function l2SequenceNumber() view returns (uint256)',
  'function extraData() view returns (bytes)',
  'function gameData() view returns (uint32 gameType_, bytes32 rootClaim_, bytes extraData_)',
  'function status() view returns (uint8)',
  'function createdAt() view returns (uint64)',
  'function resolvedAt() view returns (uint64)',
  'function gameType() view returns (uint32)',
  'function gameCreator() view returns (address)',
  'function maxClockDuration() view returns (uint64)',
  'function clockExtension() view returns (uint64)',
  'function anchorStateRegistry() view returns (address)',
  'function wasRespectedGameTypeWhenCreated() view returns (bool)',
  'function resolveAs(uint8 _status)',
  'event Resolved(uint8 indexed status)',
  'error GameNotInProgress()',
  'error InvalidStatus(uint8 status)',
])

export const anchorStateRegistryAbi = parseAbi([
  'function getAnchorRoot() view returns (bytes32 root, uint256 l2BlockNumber)',
  'function anchorGame() view returns (address)',
  'function respectedGameType() view returns (uint32)',
  'function retirementTimestamp() view returns (uint64)',
  'function paused() view returns (bool)',
  'function disputeGameFinalityDelaySeconds() view returns (uint256)',
  'function isGameRespected(address _game) view returns (bool)',
  'function isGameProper(address _game) view returns (bool)',
  'function isGameResolved(address _game) view returns (bool)',
  'function isGameFinalized(address _game) view returns (bool)',
  'function isGameClaimValid(address _game) view returns (bool)',
  'function setAnchor(bytes32 _root, uint256 _l2BlockNumber)',
  'function setAnchorState(address _game)',
  'function setRespectedGameType(uint32 _gameType)',
  'function setPaused(bool _paused)',
  'function updateRetirementTimestamp()',
  'event AnchorUpdated(address indexed game)',
  'event RespectedGameTypeSet(uint32 gameType)',
  'error InvalidAnchorGame()',
])

export const l2OutputOracleAbi = parseAbi([
  'function latestOutputIndex() view returns (uint256)',
  'function nextOutputIndex() view returns (uint256)',
  'function getL2Output(uint256 _l2OutputIndex) view returns ((bytes32 outputRoot, uint128 timestamp, uint128 l2BlockNumber))',
  'function getL2OutputIndexAfter(uint256 _l2BlockNumber) view returns (uint256)',
  'function getL2OutputAfter(uint256 _l2BlockNumber) view returns ((bytes32 outputRoot, uint128 timestamp, uint128 l2BlockNumber))',
  'function latestBlockNumber() view returns (uint256)',
  'function nextBlockNumber() view returns (uint256)',
  'function computeL2Timestamp(uint256 _l2BlockNumber) view returns (uint256)',
  'function FINALIZATION_PERIOD_SECONDS() view returns (uint256)',
  'function SUBMISSION_INTERVAL() view returns (uint256)',
  'function L2_BLOCK_TIME() view returns (uint256)',
  'function startingBlockNumber() view returns (uint256)',
  'function startingTimestamp() view returns (uint256)',
  'function proposeL2Output(bytes32 _outputRoot, uint256 _l2BlockNumber, bytes32 _l1BlockHash, uint256 _l1BlockNumber) payable',
  'event OutputProposed(bytes32 indexed outputRoot, uint256 indexed l2OutputIndex, uint256 indexed l2BlockNumber, uint256 l1Timestamp)',
  'error BlockNumberNotIncreasing(uint256 latest, uint256 proposed)',
  'error NoOutputAfter(uint256 l2BlockNumber)',
])

export const multicall3Abi = parseAbi([
  'function aggregate3((address target, bool allowFailure, bytes callData)[] calls) payable returns ((bool success, bytes returnData)[] returnData)',
  'function aggregate((address target, bytes callData)[] calls) payable returns (uint256 blockNumber, bytes[] returnData)',
  'function getCurrentBlockTimestamp() view returns (uint256 timestamp)',
  'function getBlockNumber() view returns (uint256 blockNumber)',
])

/** Game status values as returned by `status()`. */
export const GameStatus = { IN_PROGRESS: 0, CHALLENGER_WINS: 1, DEFENDER_WINS: 2 } as const

/** Base's AggregateVerifier (game type 621): no maxClockDuration(), a game ends at its expectedResolution(). */
export const aggregateVerifierAbi = parseAbi([
  'function SLOW_FINALIZATION_DELAY() view returns (uint64)',
  'function FAST_FINALIZATION_DELAY() view returns (uint64)',
  'function expectedResolution() view returns (uint64)',
  'function gameOver() view returns (bool)',
  'function proofCount() view returns (uint8)',
  'function status() view returns (uint8)',
  'function createdAt() view returns (uint64)',
  'function resolvedAt() view returns (uint64)',
  'function rootClaim() view returns (bytes32)',
  'function extraData() view returns (bytes)',
  'function l2SequenceNumber() view returns (uint256)',
  'function gameType() view returns (uint32)',
  'function anchorStateRegistry() view returns (address)',
  'function addProof()',
  'function resolve() returns (uint8)',
  'function resolveAs(uint8 _status)',
  'event Resolved(uint8 status)',
])

/** SuperFaultDisputeGame (types 4, 5, 7, 9): l2SequenceNumber() is an L2 timestamp. */
export const superFaultDisputeGameAbi = parseAbi([
  'function maxClockDuration() view returns (uint64)',
  'function l2SequenceNumber() view returns (uint256)',
  'function extraData() view returns (bytes)',
  'function rootClaim() view returns (bytes32)',
  'function status() view returns (uint8)',
  'function anchorStateRegistry() view returns (address)',
  'function resolveAs(uint8 _status)',
])
