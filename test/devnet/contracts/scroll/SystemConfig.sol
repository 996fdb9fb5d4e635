// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice Devnet copy of the part of Scroll's L1 SystemConfig the monitor reads: `enforcedBatchParameters()`.
contract SystemConfig {
    struct EnforcedBatchParameters {
        uint24 maxDelayEnterEnforcedMode;
        uint24 maxDelayMessageQueue;
    }

    EnforcedBatchParameters public enforcedBatchParameters;
    address public owner;

    constructor(EnforcedBatchParameters memory _enforcedBatchParameters) {
        owner = msg.sender;
        enforcedBatchParameters = _enforcedBatchParameters;
    }

    function updateEnforcedBatchParameters(EnforcedBatchParameters memory _params) external {
        require(msg.sender == owner, "Ownable: caller is not the owner");
        enforcedBatchParameters = _params;
    }
}
