// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice Devnet FaultDisputeGame: the IDisputeGame/FDG getters and Resolved event with the
///         real selectors, but no bisection game. Tests end a game with resolveAs().
///         extraData = abi.encode(uint256 l2BlockNumber), as for output-root games.
contract FaultDisputeGame {
    uint8 internal constant IN_PROGRESS = 0;
    uint8 internal constant CHALLENGER_WINS = 1;
    uint8 internal constant DEFENDER_WINS = 2;

    event Resolved(uint8 indexed status);

    error GameNotInProgress();
    error InvalidStatus(uint8 status);

    struct Config {
        uint32 gameType;
        uint64 maxClockDuration;
        uint64 clockExtension;
        address anchorStateRegistry;
        bool wasRespectedGameTypeWhenCreated;
        address gameCreator;
    }

    uint32 public immutable gameType;
    bytes32 public immutable rootClaim;
    uint64 public immutable maxClockDuration;
    uint64 public immutable clockExtension;
    address public immutable anchorStateRegistry;
    bool public immutable wasRespectedGameTypeWhenCreated;
    address public immutable gameCreator;
    uint64 public immutable createdAt;

    bytes internal _extraData;
    uint8 public status;
    uint64 public resolvedAt;

    constructor(Config memory _config, bytes32 _rootClaim, bytes memory _extra) {
        gameType = _config.gameType;
        maxClockDuration = _config.maxClockDuration;
        clockExtension = _config.clockExtension;
        anchorStateRegistry = _config.anchorStateRegistry;
        wasRespectedGameTypeWhenCreated = _config.wasRespectedGameTypeWhenCreated;
        gameCreator = _config.gameCreator;
        rootClaim = _rootClaim;
        _extraData = _extra;
        createdAt = uint64(block.timestamp);
    }

    function extraData() external view returns (bytes memory) {
        return _extraData;
    }

    /// @dev 0 for a reference implementation, which has no extraData.
    function l2BlockNumber() public view returns (uint256) {
        return _extraData.length < 32 ? 0 : abi.decode(_extraData, (uint256));
    }

    function l2SequenceNumber() external view returns (uint256) {
        return l2BlockNumber();
    }

    function gameData() external view returns (uint32 gameType_, bytes32 rootClaim_, bytes memory extraData_) {
        return (gameType, rootClaim, _extraData);
    }

    /// @notice Test-only: ends the game with `_status` (1 CHALLENGER_WINS, 2 DEFENDER_WINS) now.
    function resolveAs(uint8 _status) external {
        if (status != IN_PROGRESS) revert GameNotInProgress();
        if (_status != CHALLENGER_WINS && _status != DEFENDER_WINS) revert InvalidStatus(_status);
        status = _status;
        resolvedAt = uint64(block.timestamp);
        emit Resolved(_status);
    }
}
