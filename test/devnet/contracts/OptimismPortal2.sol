// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

interface IAnchorStateRegistryForPortal {
    function respectedGameType() external view returns (uint32);
    function setRespectedGameType(uint32 _gameType) external;
    function disputeGameFinalityDelaySeconds() external view returns (uint256);
    function paused() external view returns (bool);
}

/// @notice Devnet OptimismPortal2: only the proof-related getters. As in current Optimism
///         contracts, the respected game type lives in the AnchorStateRegistry and the portal
///         reports it from there, so portal and ASR can never disagree.
contract OptimismPortal2 {
    address public immutable disputeGameFactory;
    address public immutable anchorStateRegistry;
    uint256 public immutable proofMaturityDelaySeconds;
    uint64 public respectedGameTypeUpdatedAt;

    constructor(address _disputeGameFactory, address _anchorStateRegistry, uint256 _proofMaturityDelaySeconds) {
        disputeGameFactory = _disputeGameFactory;
        anchorStateRegistry = _anchorStateRegistry;
        proofMaturityDelaySeconds = _proofMaturityDelaySeconds;
        respectedGameTypeUpdatedAt = uint64(block.timestamp);
    }

    function respectedGameType() external view returns (uint32) {
        return IAnchorStateRegistryForPortal(anchorStateRegistry).respectedGameType();
    }

    /// @dev Test-only: no access control.
    function setRespectedGameType(uint32 _gameType) external {
        IAnchorStateRegistryForPortal(anchorStateRegistry).setRespectedGameType(_gameType);
        respectedGameTypeUpdatedAt = uint64(block.timestamp);
    }

    function disputeGameFinalityDelaySeconds() external view returns (uint256) {
        return IAnchorStateRegistryForPortal(anchorStateRegistry).disputeGameFinalityDelaySeconds();
    }

    function paused() external view returns (bool) {
        return IAnchorStateRegistryForPortal(anchorStateRegistry).paused();
    }
}
