// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {SystemConfig} from "./SystemConfig.sol";
import {L1MessageQueueV2} from "./L1MessageQueueV2.sol";

/// @notice Devnet ScrollChain (post-EuclidV2) with the real view functions, events, storage getters and
///         enforced-mode rules of scroll-contracts' ScrollChain. Simplified: no blobs, no proofs, no
///         sequencer/prover lists; a devnet batch header is abi.encodePacked(uint8 version, uint64 batchIndex).
contract ScrollChain {
    struct ScrollChainMiscData {
        uint64 lastCommittedBatchIndex;
        uint64 lastFinalizedBatchIndex;
        uint32 lastFinalizeTimestamp;
        uint8 flags;
        uint88 reserved;
    }

    struct FinalizeStruct {
        bytes batchHeader;
        uint256 totalL1MessagesPoppedOverall;
        bytes32 postStateRoot;
        bytes32 withdrawRoot;
        bytes zkProof;
    }

    event CommitBatch(uint256 indexed batchIndex, bytes32 indexed batchHash);
    event RevertBatch(uint256 indexed batchIndex, bytes32 indexed batchHash);
    event RevertBatch(uint256 indexed startBatchIndex, uint256 indexed finishBatchIndex);
    event FinalizeBatch(uint256 indexed batchIndex, bytes32 indexed batchHash, bytes32 stateRoot, bytes32 withdrawRoot);
    event UpdateEnforcedBatchMode(bool enabled, uint256 lastCommittedBatchIndex);
    event Paused(address account);
    event Unpaused(address account);

    error ErrorBatchIsAlreadyVerified();
    error ErrorBatchNotCommitted();
    error ErrorIncorrectBatchHash();
    error ErrorInEnforcedBatchMode();
    error ErrorNotInEnforcedBatchMode();
    error ErrorRevertFinalizedBatch();
    error ErrorStateRootIsZero();
    error ErrorCallerIsNotOwner();
    error EnforcedPause();

    uint256 private constant ENFORCED_MODE_OFFSET = 1;

    uint64 public immutable layer2ChainId;
    address public immutable messageQueueV2;
    /// @dev address(0) stands for an older ScrollChain that exposes no SystemConfig.
    address public immutable systemConfig;
    address public owner;
    bool private _paused;

    mapping(uint256 => bytes32) public committedBatches;
    mapping(uint256 => bytes32) public finalizedStateRoots;
    mapping(uint256 => bytes32) public withdrawRoots;
    ScrollChainMiscData public miscData;

    modifier onlyOwner() {
        if (msg.sender != owner) revert ErrorCallerIsNotOwner();
        _;
    }

    modifier whenNotPaused() {
        if (_paused) revert EnforcedPause();
        _;
    }

    modifier whenEnforcedBatchNotEnabled() {
        if (isEnforcedModeEnabled()) revert ErrorInEnforcedBatchMode();
        _;
    }

    /// @dev Imports the genesis batch (index 0, committed and finalized now), as importGenesisBatch does.
    constructor(uint64 _chainId, address _messageQueueV2, address _systemConfig, bytes32 _genesisStateRoot) {
        layer2ChainId = _chainId;
        messageQueueV2 = _messageQueueV2;
        systemConfig = _systemConfig;
        owner = msg.sender;
        bytes32 genesisHash = keccak256(abi.encodePacked(uint8(0), uint64(0)));
        committedBatches[0] = genesisHash;
        finalizedStateRoots[0] = _genesisStateRoot;
        miscData.lastFinalizeTimestamp = uint32(block.timestamp);
        emit CommitBatch(0, genesisHash);
        emit FinalizeBatch(0, genesisHash, _genesisStateRoot, bytes32(0));
    }

    function paused() public view returns (bool) {
        return _paused;
    }

    function isBatchFinalized(uint256 _batchIndex) external view returns (bool) {
        return _batchIndex <= miscData.lastFinalizedBatchIndex;
    }

    function lastFinalizedBatchIndex() external view returns (uint256) {
        return miscData.lastFinalizedBatchIndex;
    }

    function isEnforcedModeEnabled() public view returns (bool) {
        return (miscData.flags >> ENFORCED_MODE_OFFSET) & 1 == 1;
    }

    /// @notice Devnet: commits one batch whose hash is `lastBatchHash` (the real one commits one batch per blob).
    function commitBatches(uint8, bytes32 parentBatchHash, bytes32 lastBatchHash)
        external
        whenNotPaused
        whenEnforcedBatchNotEnabled
    {
        _commitBatch(parentBatchHash, lastBatchHash);
    }

    /// @notice Devnet: finalizes every batch up to the header's index without a proof (ScrollChainMockFinalize).
    function finalizeBundlePostEuclidV2NoProof(
        bytes calldata batchHeader,
        uint256 totalL1MessagesPoppedOverall,
        bytes32 postStateRoot,
        bytes32 withdrawRoot
    ) external whenNotPaused whenEnforcedBatchNotEnabled {
        _finalize(_batchIndexOf(batchHeader), totalL1MessagesPoppedOverall, postStateRoot, withdrawRoot);
    }

    /// @notice Reverts every batch after the one in `batchHeader` (the last batch to keep).
    function revertBatch(bytes calldata batchHeader) external onlyOwner {
        uint256 lastBatchIndex = miscData.lastCommittedBatchIndex;
        uint256 startBatchIndex = _batchIndexOf(batchHeader);
        if (startBatchIndex > lastBatchIndex) revert ErrorBatchNotCommitted();
        if (startBatchIndex < miscData.lastFinalizedBatchIndex) revert ErrorRevertFinalizedBatch();
        for (uint256 i = lastBatchIndex; i > startBatchIndex; --i) delete committedBatches[i];
        emit RevertBatch(startBatchIndex + 1, lastBatchIndex);
        miscData.lastCommittedBatchIndex = uint64(startBatchIndex);
    }

    /// @notice Permissionless commit + finalize; switches enforced mode on once a delay of SystemConfig has passed.
    function commitAndFinalizeBatch(uint8, bytes32 parentBatchHash, FinalizeStruct calldata finalizeStruct) external {
        ScrollChainMiscData memory cached = miscData;
        if (!isEnforcedModeEnabled()) {
            (uint256 maxDelayEnterEnforcedMode, uint256 maxDelayMessageQueue) = SystemConfig(systemConfig)
                .enforcedBatchParameters();
            uint256 firstUnfinalizedMessageTime = L1MessageQueueV2(messageQueueV2).getFirstUnfinalizedMessageEnqueueTime();
            if (
                firstUnfinalizedMessageTime + maxDelayMessageQueue < block.timestamp ||
                cached.lastFinalizeTimestamp + maxDelayEnterEnforcedMode < block.timestamp
            ) {
                if (cached.lastFinalizedBatchIndex < cached.lastCommittedBatchIndex) {
                    for (uint256 i = cached.lastCommittedBatchIndex; i > cached.lastFinalizedBatchIndex; --i) {
                        delete committedBatches[i];
                    }
                    emit RevertBatch(cached.lastFinalizedBatchIndex + 1, cached.lastCommittedBatchIndex);
                }
                cached.flags = uint8(cached.flags | (1 << ENFORCED_MODE_OFFSET));
                cached.lastCommittedBatchIndex = cached.lastFinalizedBatchIndex;
                miscData = cached;
                emit UpdateEnforcedBatchMode(true, cached.lastCommittedBatchIndex);
            } else {
                revert ErrorNotInEnforcedBatchMode();
            }
        }
        _commitBatch(parentBatchHash, keccak256(finalizeStruct.batchHeader));
        _finalize(
            miscData.lastCommittedBatchIndex,
            finalizeStruct.totalL1MessagesPoppedOverall,
            finalizeStruct.postStateRoot,
            finalizeStruct.withdrawRoot
        );
    }

    function setPause(bool _status) external onlyOwner {
        _paused = _status;
        if (_status) emit Paused(msg.sender);
        else emit Unpaused(msg.sender);
    }

    function disableEnforcedBatchMode() external onlyOwner {
        miscData.flags = uint8(miscData.flags & ~uint8(1 << ENFORCED_MODE_OFFSET));
        emit UpdateEnforcedBatchMode(false, miscData.lastCommittedBatchIndex);
    }

    function _commitBatch(bytes32 parentBatchHash, bytes32 batchHash) internal {
        uint256 index = miscData.lastCommittedBatchIndex;
        if (parentBatchHash != committedBatches[index]) revert ErrorIncorrectBatchHash();
        index += 1;
        committedBatches[index] = batchHash;
        miscData.lastCommittedBatchIndex = uint64(index);
        emit CommitBatch(index, batchHash);
    }

    function _finalize(uint256 batchIndex, uint256 totalL1MessagesPoppedOverall, bytes32 postStateRoot, bytes32 withdrawRoot)
        internal
    {
        if (postStateRoot == bytes32(0)) revert ErrorStateRootIsZero();
        ScrollChainMiscData memory cached = miscData;
        if (batchIndex > cached.lastCommittedBatchIndex) revert ErrorBatchNotCommitted();
        if (batchIndex <= cached.lastFinalizedBatchIndex) revert ErrorBatchIsAlreadyVerified();
        cached.lastFinalizedBatchIndex = uint64(batchIndex);
        cached.lastFinalizeTimestamp = uint32(block.timestamp);
        miscData = cached;
        finalizedStateRoots[batchIndex] = postStateRoot;
        withdrawRoots[batchIndex] = withdrawRoot;
        if (totalL1MessagesPoppedOverall > 0) {
            L1MessageQueueV2(messageQueueV2).finalizePoppedCrossDomainMessage(totalL1MessagesPoppedOverall);
        }
        emit FinalizeBatch(batchIndex, committedBatches[batchIndex], postStateRoot, withdrawRoot);
    }

    /// @dev Devnet header: byte 0 version, bytes 1..8 the batch index (as in BatchHeaderV0Codec).
    function _batchIndexOf(bytes calldata batchHeader) internal pure returns (uint256) {
        return uint256(uint64(bytes8(batchHeader[1:9])));
    }
}
