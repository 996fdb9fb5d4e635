// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice Devnet L1MessageQueueV2: enqueue times and the finalized prefix, with the real
///         `getFirstUnfinalizedMessageEnqueueTime()` (block.timestamp when no message is pending).
contract L1MessageQueueV2 {
    event QueueTransaction(
        address indexed sender,
        address indexed target,
        uint256 value,
        uint64 queueIndex,
        uint256 gasLimit,
        bytes data
    );
    event FinalizedDequeuedTransaction(uint256 index);

    uint256 public nextCrossDomainMessageIndex;
    uint256 public nextUnfinalizedQueueIndex;
    mapping(uint256 => uint256) private enqueueTimestamps;

    function getFirstUnfinalizedMessageEnqueueTime() external view returns (uint256 timestamp) {
        timestamp = enqueueTimestamps[nextUnfinalizedQueueIndex];
        if (timestamp == 0) timestamp = block.timestamp;
    }

    function getMessageEnqueueTimestamp(uint256 queueIndex) external view returns (uint256) {
        return enqueueTimestamps[queueIndex];
    }

    /// @dev The real one is only callable by the messenger; the devnet lets anyone enqueue.
    function appendCrossDomainMessage(address _target, uint256 _gasLimit, bytes calldata _data) external {
        uint256 index = nextCrossDomainMessageIndex++;
        enqueueTimestamps[index] = block.timestamp;
        emit QueueTransaction(msg.sender, _target, 0, uint64(index), _gasLimit, _data);
    }

    /// @dev Called by ScrollChain on finalization with the number of messages now finalized.
    function finalizePoppedCrossDomainMessage(uint256 _nextUnfinalizedQueueIndex) external {
        if (_nextUnfinalizedQueueIndex > nextUnfinalizedQueueIndex) {
            nextUnfinalizedQueueIndex = _nextUnfinalizedQueueIndex;
            emit FinalizedDequeuedTransaction(_nextUnfinalizedQueueIndex - 1);
        }
    }
}
