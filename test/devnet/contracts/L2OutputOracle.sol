// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

/// @notice Devnet legacy (pre-fault-proof) L2OutputOracle with Optimism's ABI. Simplified: anyone
///         may propose, and a proposal only has to be for a later L2 block than the last one
///         (not exactly SUBMISSION_INTERVAL later, and not checked against L1 time).
contract L2OutputOracle {
    struct OutputProposal {
        bytes32 outputRoot;
        uint128 timestamp;
        uint128 l2BlockNumber;
    }

    event OutputProposed(
        bytes32 indexed outputRoot, uint256 indexed l2OutputIndex, uint256 indexed l2BlockNumber, uint256 l1Timestamp
    );

    error BlockNumberNotIncreasing(uint256 latest, uint256 proposed);
    error NoOutputAfter(uint256 l2BlockNumber);

    uint256 public immutable SUBMISSION_INTERVAL;
    uint256 public immutable L2_BLOCK_TIME;
    uint256 public immutable FINALIZATION_PERIOD_SECONDS;
    uint256 public immutable startingBlockNumber;
    uint256 public immutable startingTimestamp;

    OutputProposal[] internal l2Outputs;

    constructor(
        uint256 _submissionInterval,
        uint256 _l2BlockTime,
        uint256 _finalizationPeriodSeconds,
        uint256 _startingBlockNumber,
        uint256 _startingTimestamp
    ) {
        SUBMISSION_INTERVAL = _submissionInterval;
        L2_BLOCK_TIME = _l2BlockTime;
        FINALIZATION_PERIOD_SECONDS = _finalizationPeriodSeconds;
        startingBlockNumber = _startingBlockNumber;
        startingTimestamp = _startingTimestamp;
    }

    function proposeL2Output(bytes32 _outputRoot, uint256 _l2BlockNumber, bytes32, uint256) external payable {
        if (l2Outputs.length > 0 && _l2BlockNumber <= latestBlockNumber()) {
            revert BlockNumberNotIncreasing(latestBlockNumber(), _l2BlockNumber);
        }
        emit OutputProposed(_outputRoot, l2Outputs.length, _l2BlockNumber, block.timestamp);
        l2Outputs.push(
            OutputProposal({
                outputRoot: _outputRoot,
                timestamp: SafeCast.toUint128(block.timestamp),
                l2BlockNumber: SafeCast.toUint128(_l2BlockNumber)
            })
        );
    }

    function getL2Output(uint256 _l2OutputIndex) external view returns (OutputProposal memory) {
        return l2Outputs[_l2OutputIndex];
    }

    /// @dev Reverts (arithmetic underflow) before the first proposal, like the real oracle.
    function latestOutputIndex() external view returns (uint256) {
        return l2Outputs.length - 1;
    }

    function nextOutputIndex() external view returns (uint256) {
        return l2Outputs.length;
    }

    function latestBlockNumber() public view returns (uint256) {
        return l2Outputs.length == 0 ? startingBlockNumber : l2Outputs[l2Outputs.length - 1].l2BlockNumber;
    }

    function nextBlockNumber() external view returns (uint256) {
        return latestBlockNumber() + SUBMISSION_INTERVAL;
    }

    function computeL2Timestamp(uint256 _l2BlockNumber) external view returns (uint256) {
        return startingTimestamp + (_l2BlockNumber - startingBlockNumber) * L2_BLOCK_TIME;
    }

    /// @notice Index of the first output at or after `_l2BlockNumber` (binary search).
    function getL2OutputIndexAfter(uint256 _l2BlockNumber) public view returns (uint256) {
        uint256 len = l2Outputs.length;
        if (len == 0 || l2Outputs[len - 1].l2BlockNumber < _l2BlockNumber) revert NoOutputAfter(_l2BlockNumber);
        uint256 lo = 0;
        uint256 hi = len;
        while (lo < hi) {
            uint256 mid = (lo + hi) / 2;
            if (l2Outputs[mid].l2BlockNumber < _l2BlockNumber) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    function getL2OutputAfter(uint256 _l2BlockNumber) external view returns (OutputProposal memory) {
        return l2Outputs[getL2OutputIndexAfter(_l2BlockNumber)];
    }
}
