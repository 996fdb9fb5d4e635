// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice Devnet ChainTypeManager: only the timelock getters and setters of the real one
///         (`validatorTimelock()` 0xe66c8c44 = the legacy pre-v29 timelock, `validatorTimelockPostV29()` 0xef9955bc).
contract ChainTypeManager {
    error Unauthorized(address caller);

    address public immutable owner;
    address public validatorTimelock;
    address public validatorTimelockPostV29;

    constructor(address _owner) {
        owner = _owner;
    }

    function setLegacyValidatorTimelock(address _validatorTimelock) external {
        if (msg.sender != owner) revert Unauthorized(msg.sender);
        validatorTimelock = _validatorTimelock;
    }

    function setValidatorTimelockPostV29(address _validatorTimelockPostV29) external {
        if (msg.sender != owner) revert Unauthorized(msg.sender);
        validatorTimelockPostV29 = _validatorTimelockPostV29;
    }
}
