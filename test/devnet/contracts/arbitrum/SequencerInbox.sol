// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IDevnetBridge {
    function delayedMessageCount() external view returns (uint256);
}

/// @notice Devnet stand-in for Nitro's SequencerInbox: batch count, delayed messages read, maxTimeVariation and
///         SequencerBatchDelivered with nitro-contracts' signatures. Batches are posted by a devnet helper.
contract SequencerInbox {
    struct TimeBounds {
        uint64 minTimestamp;
        uint64 maxTimestamp;
        uint64 minBlockNumber;
        uint64 maxBlockNumber;
    }

    enum BatchDataLocation {
        TxInput,
        SeparateBatchEvent,
        NoData,
        Blob
    }

    struct MaxTimeVariation {
        uint256 delayBlocks;
        uint256 futureBlocks;
        uint256 delaySeconds;
        uint256 futureSeconds;
    }

    event SequencerBatchDelivered(
        uint256 indexed batchSequenceNumber,
        bytes32 indexed beforeAcc,
        bytes32 indexed afterAcc,
        bytes32 delayedAcc,
        uint256 afterDelayedMessagesRead,
        TimeBounds timeBounds,
        BatchDataLocation dataLocation
    );
    event MaxTimeVariationSet(MaxTimeVariation maxTimeVariation);

    address public immutable owner;
    IDevnetBridge public immutable bridge;
    address public rollup;
    bytes32[] public inboxAccs;
    uint256 public totalDelayedMessagesRead;
    MaxTimeVariation private variation;

    constructor(IDevnetBridge bridge_, MaxTimeVariation memory variation_) {
        owner = msg.sender;
        bridge = bridge_;
        variation = variation_;
    }

    modifier onlyOwner() {
        require(msg.sender == owner, "NOT_OWNER");
        _;
    }

    function batchCount() external view returns (uint256) {
        return inboxAccs.length;
    }

    function maxTimeVariation() external view returns (uint256, uint256, uint256, uint256) {
        return (variation.delayBlocks, variation.futureBlocks, variation.delaySeconds, variation.futureSeconds);
    }

    function setMaxTimeVariation(MaxTimeVariation memory variation_) external onlyOwner {
        variation = variation_;
        emit MaxTimeVariationSet(variation_);
    }

    function setRollup(address rollup_) external onlyOwner {
        rollup = rollup_;
    }

    /// @notice Devnet helper (not Nitro's addSequencerL2Batch): appends a batch that reads the delayed inbox up to
    ///         `afterDelayedMessagesRead` and emits SequencerBatchDelivered as the real inbox does.
    function postBatch(bytes calldata data, uint256 afterDelayedMessagesRead) external onlyOwner returns (uint256 seqNum) {
        require(afterDelayedMessagesRead >= totalDelayedMessagesRead, "DELAYED_BACKWARDS");
        require(afterDelayedMessagesRead <= bridge.delayedMessageCount(), "DELAYED_TOO_FAR");
        totalDelayedMessagesRead = afterDelayedMessagesRead;
        seqNum = inboxAccs.length;
        bytes32 beforeAcc = seqNum == 0 ? bytes32(0) : inboxAccs[seqNum - 1];
        bytes32 delayedAcc = keccak256(abi.encodePacked(afterDelayedMessagesRead));
        bytes32 afterAcc = keccak256(abi.encodePacked(beforeAcc, keccak256(data), delayedAcc));
        inboxAccs.push(afterAcc);
        TimeBounds memory bounds = TimeBounds(
            uint64(block.timestamp > variation.delaySeconds ? block.timestamp - variation.delaySeconds : 0),
            uint64(block.timestamp + variation.futureSeconds),
            uint64(block.number > variation.delayBlocks ? block.number - variation.delayBlocks : 0),
            uint64(block.number + variation.futureBlocks)
        );
        emit SequencerBatchDelivered(
            seqNum, beforeAcc, afterAcc, delayedAcc, afterDelayedMessagesRead, bounds, BatchDataLocation.TxInput
        );
    }
}
