// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice Devnet stand-in for the Bridgehub system contract a ZK settlement layer (ZK Gateway) runs at
///         L2_BRIDGEHUB_ADDR 0x0000000000000000000000000000000000010002: `getZKChain(uint256)` with era-contracts'
///         signature names each chain's diamond on that layer. `setZKChain` is devnet-only (the real mapping is
///         written when a chain migrates in); the devnet copies this contract's code to 0x…10002.
contract Bridgehub {
    mapping(uint256 => address) internal zkChains;

    function getZKChain(uint256 _chainId) external view returns (address) {
        return zkChains[_chainId];
    }

    /// @dev Devnet only (see the contract notice).
    function setZKChain(uint256 _chainId, address _chainAddress) external {
        zkChains[_chainId] = _chainAddress;
    }
}
