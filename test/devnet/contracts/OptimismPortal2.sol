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

    /// @notice The real portal's events, as proveWithdrawalTransaction emits them (same signatures).
    event WithdrawalProven(bytes32 indexed withdrawalHash, address indexed from, address indexed to);
    event WithdrawalProvenExtension1(bytes32 indexed withdrawalHash, address indexed proofSubmitter);
    /// @notice The real portal's deposit event: version 0, opaqueData = mint ‖ value ‖ gasLimit ‖ isCreation ‖ data.
    event TransactionDeposited(address indexed from, address indexed to, uint256 indexed version, bytes opaqueData);

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

    /// @notice The real portal's entry point for L1→L2 deposits (no resource metering or gas checks here).
    function depositTransaction(address _to, uint256 _value, uint64 _gasLimit, bool _isCreation, bytes memory _data) external payable {
        bytes memory opaqueData = abi.encodePacked(msg.value, _value, _gasLimit, _isCreation, _data);
        emit TransactionDeposited(msg.sender, _to, 0, opaqueData);
    }

    /// @dev Test-only stand-in for proveWithdrawalTransaction: no proof is checked, only the events are emitted,
    ///      so a test can "prove" a withdrawal the L2 never sent (what an exploited invalid root allows).
    function proveWithdrawalForTest(bytes32 _withdrawalHash, address _from, address _to) external {
        emit WithdrawalProven(_withdrawalHash, _from, _to);
        emit WithdrawalProvenExtension1(_withdrawalHash, msg.sender);
    }
}
