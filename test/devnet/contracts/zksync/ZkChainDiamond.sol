// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice Devnet stand-in for a ZK chain diamond (Era: DiamondProxy with Getters, Executor and Admin facets),
///         in one contract. What the watchtower reads carries the real era-contracts signatures: the IGetters
///         views (getTotalBatchesCommitted 0xdb1f0bf9, getTotalBatchesVerified 0xef3f0bae,
///         getTotalBatchesExecuted 0xb8c2f66f, storedBatchHash 0xb22dd78e, isDiamondStorageFrozen 0x29b98c67,
///         getSettlementLayer 0x6a27e8b5, getChainTypeManager, isValidator) and the IExecutor events. The
///         executor entry points take the v29+ `address _chainAddress` first argument, as the ValidatorTimelock
///         forwards them, and keep the real counters' rules (ranges must continue the counters; a revert never
///         goes below the executed batches). `setSettlementLayer` is devnet-only: the real diamond sets it when
///         the chain migrates to or from a gateway.
///         Priority queue: `requestL2Transaction` (the Mailbox's legacy entry) emits NewPriorityRequest with the real
///         L2CanonicalTransaction and NewPriorityRequestId (txId indexed, since Aug 2025); getTotalPriorityTxs,
///         getFirstUnprocessedPriorityTx and getPriorityQueueSize count as the priority tree does: a priority tx is
///         processed when the batch carrying it is executed. A commit puts every waiting request into its first
///         batch, as an honest operator includes them; devnet switches make an operator that leaves them out and a
///         diamond from before NewPriorityRequestId.
contract ZkChainDiamond {
    struct L2CanonicalTransaction {
        uint256 txType;
        uint256 from;
        uint256 to;
        uint256 gasLimit;
        uint256 gasPerPubdataByteLimit;
        uint256 maxFeePerGas;
        uint256 maxPriorityFeePerGas;
        uint256 paymaster;
        uint256 nonce;
        uint256 value;
        uint256[4] reserved;
        bytes data;
        bytes signature;
        uint256[] factoryDeps;
        bytes paymasterInput;
        bytes reservedDynamic;
    }

    event NewPriorityRequest(
        uint256 txId, bytes32 txHash, uint64 expirationTimestamp, L2CanonicalTransaction transaction, bytes[] factoryDeps
    );
    event NewPriorityRequestId(uint256 indexed txId, bytes32 indexed txHash);
    event BlockCommit(uint256 indexed batchNumber, bytes32 indexed batchHash, bytes32 indexed commitment);
    event BlocksVerification(uint256 indexed previousLastVerifiedBatch, uint256 indexed currentLastVerifiedBatch);
    event BlockExecution(uint256 indexed batchNumber, bytes32 indexed batchHash, bytes32 indexed commitment);
    event BlocksRevert(uint256 totalBatchesCommitted, uint256 totalBatchesVerified, uint256 totalBatchesExecuted);
    event ValidatorStatusUpdate(address indexed validatorAddress, bool isActive);
    event Freeze();
    event Unfreeze();

    error Unauthorized(address caller);
    error FacetIsFrozen(bytes4 func);
    error WrongChainAddress(address chainAddress);
    error InvalidBatchRange(uint256 processFrom, uint256 processTo);
    error RevertedBatchNotAfterNewLastBatch();

    address internal immutable admin;
    address internal immutable chainTypeManager;
    mapping(address => bool) internal validators;
    mapping(uint256 => bytes32) internal storedBatchHashes;
    mapping(uint256 => bytes32) internal commitments;
    uint256 internal totalBatchesCommitted;
    uint256 internal totalBatchesVerified;
    uint256 internal totalBatchesExecuted;
    bool internal frozen;
    address internal settlementLayer;
    uint256 internal totalPriorityTxs;
    uint256 internal firstUnprocessedPriorityTx;
    /** Requests not yet put into a committed batch. */
    uint256 internal firstUnassignedPriorityTx;
    mapping(uint256 => uint256) internal priorityTxsInBatch;
    bool internal leavesOutPriorityTxs;
    bool internal withoutPriorityRequestId;

    modifier onlyAdmin() {
        if (msg.sender != admin) revert Unauthorized(msg.sender);
        _;
    }

    modifier onlyValidator(address _chainAddress) {
        if (!validators[msg.sender]) revert Unauthorized(msg.sender);
        if (frozen) revert FacetIsFrozen(msg.sig);
        if (_chainAddress != address(this)) revert WrongChainAddress(_chainAddress);
        _;
    }

    constructor(address _chainTypeManager, address _admin) {
        chainTypeManager = _chainTypeManager;
        admin = _admin;
        storedBatchHashes[0] = keccak256("genesis");
    }

    // ---- Getters facet ----

    function getTotalBatchesCommitted() external view returns (uint256) {
        return totalBatchesCommitted;
    }

    function getTotalBatchesVerified() external view returns (uint256) {
        return totalBatchesVerified;
    }

    function getTotalBatchesExecuted() external view returns (uint256) {
        return totalBatchesExecuted;
    }

    function storedBatchHash(uint256 _batchNumber) external view returns (bytes32) {
        return storedBatchHashes[_batchNumber];
    }

    function isDiamondStorageFrozen() external view returns (bool) {
        return frozen;
    }

    function getSettlementLayer() external view returns (address) {
        return settlementLayer;
    }

    function getChainTypeManager() external view returns (address) {
        return chainTypeManager;
    }

    function getAdmin() external view returns (address) {
        return admin;
    }

    function isValidator(address _address) external view returns (bool) {
        return validators[_address];
    }

    function getTotalPriorityTxs() external view returns (uint256) {
        return totalPriorityTxs;
    }

    function getFirstUnprocessedPriorityTx() external view returns (uint256) {
        return firstUnprocessedPriorityTx;
    }

    function getPriorityQueueSize() external view returns (uint256) {
        return totalPriorityTxs - firstUnprocessedPriorityTx;
    }

    // ---- Mailbox facet ----

    function requestL2Transaction(
        address _contractL2,
        uint256 _l2Value,
        bytes calldata _calldata,
        uint256 _l2GasLimit,
        uint256 _l2GasPerPubdataByteLimit,
        bytes[] calldata _factoryDeps,
        address _refundRecipient
    ) external payable returns (bytes32 canonicalTxHash) {
        L2CanonicalTransaction memory transaction;
        transaction.txType = 255; // PRIORITY_OPERATION_L2_TX_TYPE
        transaction.from = uint256(uint160(msg.sender));
        transaction.to = uint256(uint160(_contractL2));
        transaction.gasLimit = _l2GasLimit;
        transaction.gasPerPubdataByteLimit = _l2GasPerPubdataByteLimit;
        transaction.nonce = totalPriorityTxs; // the priority id is the L1→L2 transaction's nonce
        transaction.value = _l2Value;
        transaction.reserved = [msg.value, uint256(uint160(_refundRecipient)), 0, 0];
        transaction.data = _calldata;
        canonicalTxHash = keccak256(abi.encode(transaction));
        uint256 txId = totalPriorityTxs++;
        emit NewPriorityRequest(txId, canonicalTxHash, uint64(block.timestamp), transaction, _factoryDeps);
        if (!withoutPriorityRequestId) emit NewPriorityRequestId(txId, canonicalTxHash);
    }

    // ---- Admin facet ----

    function setValidator(address _validator, bool _active) external onlyAdmin {
        validators[_validator] = _active;
        emit ValidatorStatusUpdate(_validator, _active);
    }

    function freezeDiamond() external onlyAdmin {
        frozen = true;
        emit Freeze();
    }

    function unfreezeDiamond() external onlyAdmin {
        frozen = false;
        emit Unfreeze();
    }

    /// @dev Devnet only (see the contract notice).
    function setSettlementLayer(address _settlementLayer) external onlyAdmin {
        settlementLayer = _settlementLayer;
    }

    /// @dev Devnet only: an operator whose commits leave the waiting priority requests out (censoring them).
    function setLeavesOutPriorityTxs(bool _leavesOut) external onlyAdmin {
        leavesOutPriorityTxs = _leavesOut;
    }

    /// @dev Devnet only: a diamond from before NewPriorityRequestId (only NewPriorityRequest is emitted).
    function setWithoutPriorityRequestId(bool _without) external onlyAdmin {
        withoutPriorityRequestId = _without;
    }

    // ---- Executor facet ----

    function commitBatchesSharedBridge(
        address _chainAddress,
        uint256 _processFrom,
        uint256 _processTo,
        bytes calldata _commitData
    ) external onlyValidator(_chainAddress) {
        if (_processFrom != totalBatchesCommitted + 1 || _processTo < _processFrom) revert InvalidBatchRange(_processFrom, _processTo);
        for (uint256 i = _processFrom; i <= _processTo; ++i) {
            bytes32 batchHash = keccak256(abi.encode(storedBatchHashes[i - 1], i, _commitData));
            bytes32 commitment = keccak256(abi.encode(batchHash));
            storedBatchHashes[i] = batchHash;
            commitments[i] = commitment;
            emit BlockCommit(i, batchHash, commitment);
        }
        if (!leavesOutPriorityTxs) {
            priorityTxsInBatch[_processFrom] = totalPriorityTxs - firstUnassignedPriorityTx;
            firstUnassignedPriorityTx = totalPriorityTxs;
        }
        totalBatchesCommitted = _processTo;
    }

    function proveBatchesSharedBridge(
        address _chainAddress,
        uint256 _processBatchFrom,
        uint256 _processBatchTo,
        bytes calldata
    ) external onlyValidator(_chainAddress) {
        if (_processBatchFrom != totalBatchesVerified + 1 || _processBatchTo < _processBatchFrom || _processBatchTo > totalBatchesCommitted)
            revert InvalidBatchRange(_processBatchFrom, _processBatchTo);
        emit BlocksVerification(totalBatchesVerified, _processBatchTo);
        totalBatchesVerified = _processBatchTo;
    }

    function executeBatchesSharedBridge(
        address _chainAddress,
        uint256 _processFrom,
        uint256 _processTo,
        bytes calldata
    ) external onlyValidator(_chainAddress) {
        if (_processFrom != totalBatchesExecuted + 1 || _processTo < _processFrom || _processTo > totalBatchesVerified)
            revert InvalidBatchRange(_processFrom, _processTo);
        for (uint256 i = _processFrom; i <= _processTo; ++i) {
            firstUnprocessedPriorityTx += priorityTxsInBatch[i];
            emit BlockExecution(i, storedBatchHashes[i], commitments[i]);
        }
        totalBatchesExecuted = _processTo;
    }

    function revertBatchesSharedBridge(address _chainAddress, uint256 _newLastBatch) external onlyValidator(_chainAddress) {
        if (_newLastBatch < totalBatchesExecuted) revert RevertedBatchNotAfterNewLastBatch();
        if (_newLastBatch < totalBatchesVerified) totalBatchesVerified = _newLastBatch;
        for (uint256 i = _newLastBatch + 1; i <= totalBatchesCommitted; ++i) {
            firstUnassignedPriorityTx -= priorityTxsInBatch[i];
            priorityTxsInBatch[i] = 0;
        }
        totalBatchesCommitted = _newLastBatch;
        emit BlocksRevert(totalBatchesCommitted, totalBatchesVerified, totalBatchesExecuted);
    }
}
