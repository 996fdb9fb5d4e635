// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IDevnetBridge {
    function delayedMessageCount() external view returns (uint256);
}

/// @notice Devnet stand-in for a pre-BoLD Nitro SequencerInbox: batch count, delayed messages read, maxTimeVariation
///         and SequencerBatchDelivered with nitro-contracts' signatures, and no forceInclusionDeadline() (force
///         inclusion after maxTimeVariation.delayBlocks). Batches are posted by a devnet helper.
contract PreBufferSequencerInbox {
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
    MaxTimeVariation internal variation;

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

/// @notice Devnet stand-in for the BoLD-era SequencerInbox: force inclusion is block-based and, when delay-bufferable,
///         limited by the delay buffer: possible once `l1Block + min(delayBlocks, bufferBlocks) < block.number`.
///         `forceInclusionDeadline`, `isDelayBufferable` and `buffer()` keep nitro-contracts' signatures and the
///         deadline applies the pending buffer change as the real one does; the real buffer is updated by late
///         batches, here a devnet helper sets it.
contract SequencerInbox is PreBufferSequencerInbox {
    struct BufferData {
        uint64 bufferBlocks;
        uint64 max;
        uint64 threshold;
        uint64 prevBlockNumber;
        uint64 replenishRateInBasis;
        uint64 prevSequencedBlockNumber;
    }

    bool public immutable isDelayBufferable;
    BufferData public buffer;

    constructor(
        IDevnetBridge bridge_,
        MaxTimeVariation memory variation_,
        bool delayBufferable_,
        uint64 maxBufferBlocks,
        uint64 thresholdBlocks
    ) PreBufferSequencerInbox(bridge_, variation_) {
        isDelayBufferable = delayBufferable_;
        if (delayBufferable_) {
            // Arbitrum One's config: 5% replenish rate (500 basis points).
            buffer = BufferData(maxBufferBlocks, maxBufferBlocks, thresholdBlocks, uint64(block.number), 500, uint64(block.number));
        }
    }

    /// @notice The L1 block after which a delayed message included at `blockNumber` can be force-included: the
    ///         pending buffer for that block (replenished per elapsed block, depleted by the delay past the
    ///         threshold, kept within [threshold, max]) as nitro-contracts' DelayBuffer.calcPendingBuffer has it.
    function forceInclusionDeadline(uint64 blockNumber) external view returns (uint64) {
        uint64 delayBlocks = uint64(variation.delayBlocks);
        if (isDelayBufferable) {
            uint64 pending = pendingBuffer(blockNumber);
            if (pending < delayBlocks) delayBlocks = pending;
        }
        return blockNumber + delayBlocks;
    }

    function pendingBuffer(uint64 blockNumber) internal view returns (uint64) {
        BufferData memory b = buffer;
        uint256 elapsed = blockNumber > b.prevBlockNumber ? blockNumber - b.prevBlockNumber : 0;
        uint256 delay = b.prevSequencedBlockNumber > b.prevBlockNumber ? b.prevSequencedBlockNumber - b.prevBlockNumber : 0;
        uint256 level = uint256(b.bufferBlocks) + (elapsed * b.replenishRateInBasis) / 10000;
        uint256 unexpected = delay > b.threshold ? delay - b.threshold : 0;
        if (unexpected > elapsed) unexpected = elapsed;
        if (level <= unexpected || level - unexpected <= b.threshold) return b.threshold;
        level -= unexpected;
        return uint64(level > b.max ? b.max : level);
    }

    /// @notice Devnet helper: the buffer as late batches would have left it, updated at this block (as a batch
    ///         post updates it: no delay pending). `sequencedDelay` > 0 records a batch that sequenced messages that
    ///         many blocks late, whose depletion is still pending.
    function setBufferBlocks(uint64 bufferBlocks, uint64 sequencedDelay) external onlyOwner {
        require(isDelayBufferable, "NOT_DELAY_BUFFERABLE");
        buffer.bufferBlocks = bufferBlocks;
        buffer.prevBlockNumber = uint64(block.number) - sequencedDelay;
        buffer.prevSequencedBlockNumber = uint64(block.number);
    }
}
