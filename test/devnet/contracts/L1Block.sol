// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice Devnet L1Block (predeploy 0x4200…0015): the real contract's L1-origin fields in its storage order
///         (uint64 number and uint64 timestamp packed in slot 0). On a real L2 the depositor's system transaction
///         sets them each L1 block; on the devnet a test writes slot 0 (installL1Block's setOrigin).
contract L1Block {
    uint64 public number;
    uint64 public timestamp;
    uint256 public basefee;
    bytes32 public hash;
    uint64 public sequenceNumber;
}
