// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice Devnet L2ToL1MessagePasser (predeploy 0x4200…0016): only the `sentMessages` mapping the real one keeps,
///         plus a test-only setter standing in for initiateWithdrawal.
contract L2ToL1MessagePasser {
    mapping(bytes32 => bool) public sentMessages;

    /// @dev Test-only: marks a withdrawal hash as sent on L2.
    function setSentMessageForTest(bytes32 _withdrawalHash) external {
        sentMessages[_withdrawalHash] = true;
    }
}
