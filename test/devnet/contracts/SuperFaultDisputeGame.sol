// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice Devnet SuperFaultDisputeGame (super-root types 4, 5, 7, 9): the getters a monitor reads,
///         no bisection. extraData is an encoded super-root proof: version byte ‖ uint64 L2 timestamp ‖ …,
///         and l2SequenceNumber() is that timestamp, not a block number. As in the 2.x games, the bare
///         implementation's anchorStateRegistry() is address(0) (it is a clone argument on the real one).
contract SuperFaultDisputeGame {
    uint8 internal constant IN_PROGRESS = 0;

    event Resolved(uint8 indexed status);

    error GameNotInProgress();

    uint32 public immutable gameType;
    uint64 public immutable maxClockDuration;
    bytes32 public immutable rootClaim;
    address internal immutable _anchorStateRegistry;
    uint64 public immutable createdAt;
    bool public immutable wasRespectedGameTypeWhenCreated;

    bytes internal _extraData;
    uint8 public status;
    uint64 public resolvedAt;

    constructor(uint32 _gameType, uint64 _maxClockDuration, address _registry, bytes32 _rootClaim, bytes memory _extra) {
        gameType = _gameType;
        maxClockDuration = _maxClockDuration;
        _anchorStateRegistry = _registry;
        rootClaim = _rootClaim;
        _extraData = _extra;
        createdAt = uint64(block.timestamp);
        wasRespectedGameTypeWhenCreated = _extra.length > 0;
    }

    function anchorStateRegistry() external view returns (address) {
        return _extraData.length == 0 ? address(0) : _anchorStateRegistry;
    }

    function extraData() external view returns (bytes memory) {
        return _extraData;
    }

    /// @notice The super root's L2 timestamp (bytes 1..8 of extraData).
    function l2SequenceNumber() external view returns (uint256) {
        if (_extraData.length < 9) return 0;
        return uint64(bytes8(bytes32(_extraData) << 8));
    }

    function resolveAs(uint8 _status) external {
        if (status != IN_PROGRESS) revert GameNotInProgress();
        status = _status;
        resolvedAt = uint64(block.timestamp);
        emit Resolved(_status);
    }
}
