// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

interface IDisputeGameForRegistry {
    function status() external view returns (uint8);
    function resolvedAt() external view returns (uint64);
    function createdAt() external view returns (uint64);
    function wasRespectedGameTypeWhenCreated() external view returns (bool);
    function rootClaim() external view returns (bytes32);
    function l2SequenceNumber() external view returns (uint256);
}

/// @notice Devnet AnchorStateRegistry: current Optimism getters and events, simplified. It owns
///         the respected game type (the portal reads it from here) and the pause flag, which
///         on mainnet comes from the SuperchainConfig guardian.
contract AnchorStateRegistry {
    uint8 internal constant DEFENDER_WINS = 2;

    event AnchorUpdated(address indexed game);
    event RespectedGameTypeSet(uint32 gameType);

    error InvalidAnchorGame();

    uint256 public immutable disputeGameFinalityDelaySeconds;
    uint32 public respectedGameType;
    uint64 public retirementTimestamp;
    bool public paused;
    address public anchorGame;

    bytes32 internal _anchorRoot;
    uint256 internal _anchorL2BlockNumber;

    constructor(uint256 _finalityDelaySeconds, uint32 _respectedGameType, bytes32 _startingRoot, uint256 _startingL2BlockNumber) {
        disputeGameFinalityDelaySeconds = _finalityDelaySeconds;
        respectedGameType = _respectedGameType;
        _anchorRoot = _startingRoot;
        _anchorL2BlockNumber = _startingL2BlockNumber;
    }

    function getAnchorRoot() external view returns (bytes32 root, uint256 l2BlockNumber) {
        return (_anchorRoot, _anchorL2BlockNumber);
    }

    /// @dev Test-only: forces the anchor without a game; emits AnchorUpdated(address(0)).
    function setAnchor(bytes32 _root, uint256 _l2BlockNumber) external {
        _anchorRoot = _root;
        _anchorL2BlockNumber = _l2BlockNumber;
        anchorGame = address(0);
        emit AnchorUpdated(address(0));
    }

    /// @notice As in Optimism: a game whose claim is valid and newer than the anchor becomes the anchor.
    function setAnchorState(address _game) external {
        IDisputeGameForRegistry game = IDisputeGameForRegistry(_game);
        if (!isGameClaimValid(_game) || game.l2SequenceNumber() <= _anchorL2BlockNumber) revert InvalidAnchorGame();
        _anchorRoot = game.rootClaim();
        _anchorL2BlockNumber = game.l2SequenceNumber();
        anchorGame = _game;
        emit AnchorUpdated(_game);
    }

    /// @dev Test-only: no access control (the portal's setter forwards here).
    function setRespectedGameType(uint32 _gameType) external {
        respectedGameType = _gameType;
        emit RespectedGameTypeSet(_gameType);
    }

    /// @notice As in Optimism (guardian only there): games created before now stop being proper.
    function updateRetirementTimestamp() external {
        retirementTimestamp = uint64(block.timestamp);
    }

    /// @dev Test-only: stands in for the guardian's superchain pause.
    function setPaused(bool _paused) external {
        paused = _paused;
    }

    function isGameRespected(address _game) public view returns (bool) {
        return IDisputeGameForRegistry(_game).wasRespectedGameTypeWhenCreated();
    }

    /// @dev Simplified: not paused and not retired (no blacklist, no factory registration check).
    function isGameProper(address _game) public view returns (bool) {
        return !paused && IDisputeGameForRegistry(_game).createdAt() > retirementTimestamp;
    }

    function isGameResolved(address _game) public view returns (bool) {
        return IDisputeGameForRegistry(_game).resolvedAt() != 0;
    }

    /// @notice Resolved and more than disputeGameFinalityDelaySeconds ago.
    function isGameFinalized(address _game) public view returns (bool) {
        uint64 resolvedAt = IDisputeGameForRegistry(_game).resolvedAt();
        return resolvedAt != 0 && block.timestamp - resolvedAt > disputeGameFinalityDelaySeconds;
    }

    function isGameClaimValid(address _game) public view returns (bool) {
        return isGameProper(_game) && isGameRespected(_game) && isGameFinalized(_game)
            && IDisputeGameForRegistry(_game).status() == DEFENDER_WINS;
    }
}
