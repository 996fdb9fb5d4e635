// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice Devnet stand-in for Base's AggregateVerifier (game type 621): the real getters a monitor
///         reads, no proof verification. There is no maxClockDuration(): a game is over at its own
///         expectedResolution() = proof time + SLOW_FINALIZATION_DELAY with one proof, + FAST with two,
///         type(uint64).max without a proof. extraData = l2BlockNumber (32) ‖ parent (20) ‖ roots (32 × N).
///         Deployed directly and registered with DisputeGameFactory.registerGame (no clones here).
contract AggregateVerifier {
    uint8 internal constant IN_PROGRESS = 0;
    uint8 internal constant CHALLENGER_WINS = 1;
    uint8 internal constant DEFENDER_WINS = 2;

    event Resolved(uint8 status);

    error GameNotInProgress();
    error GameNotOver();
    error NotEnoughProofs();

    uint64 public immutable SLOW_FINALIZATION_DELAY;
    uint64 public immutable FAST_FINALIZATION_DELAY;
    uint32 internal immutable GAME_TYPE;
    address internal immutable ANCHOR_STATE_REGISTRY;

    bytes32 public immutable rootClaim;
    bytes internal _extraData;
    uint64 public createdAt;
    uint64 public resolvedAt;
    uint8 public status;
    uint8 public proofCount;
    uint64 public expectedResolution;
    bool public wasRespectedGameTypeWhenCreated;

    constructor(
        uint32 _gameType,
        address _anchorStateRegistry,
        uint64 _slowDelay,
        uint64 _fastDelay,
        bytes32 _rootClaim,
        bytes memory _extra,
        uint8 _proofs
    ) {
        GAME_TYPE = _gameType;
        ANCHOR_STATE_REGISTRY = _anchorStateRegistry;
        SLOW_FINALIZATION_DELAY = _slowDelay;
        FAST_FINALIZATION_DELAY = _fastDelay;
        rootClaim = _rootClaim;
        _extraData = _extra;
        createdAt = uint64(block.timestamp);
        wasRespectedGameTypeWhenCreated = true;
        expectedResolution = type(uint64).max;
        for (uint8 i = 0; i < _proofs; i++) _addProof();
    }

    function gameType() external view returns (uint32) {
        return GAME_TYPE;
    }

    function anchorStateRegistry() external view returns (address) {
        return ANCHOR_STATE_REGISTRY;
    }

    function extraData() external view returns (bytes memory) {
        return _extraData;
    }

    function l2SequenceNumber() public view returns (uint256) {
        return _extraData.length < 32 ? 0 : uint256(bytes32(_extraData));
    }

    function gameOver() public view returns (bool) {
        return expectedResolution <= block.timestamp;
    }

    /// @notice Test-only stand-in for verifyProposalProof(): one more proof, from now.
    function addProof() external {
        if (status != IN_PROGRESS) revert GameNotInProgress();
        _addProof();
    }

    function resolve() external returns (uint8) {
        if (status != IN_PROGRESS) revert GameNotInProgress();
        if (!gameOver()) revert GameNotOver();
        if (proofCount == 0) revert NotEnoughProofs();
        status = DEFENDER_WINS;
        resolvedAt = uint64(block.timestamp);
        emit Resolved(status);
        return status;
    }

    /// @notice Test-only: ends the game with `_status` now (a ZK challenge that won, say).
    function resolveAs(uint8 _status) external {
        if (status != IN_PROGRESS) revert GameNotInProgress();
        status = _status;
        resolvedAt = uint64(block.timestamp);
        emit Resolved(_status);
    }

    function _addProof() internal {
        proofCount += 1;
        uint64 delay = proofCount >= 2 ? FAST_FINALIZATION_DELAY : SLOW_FINALIZATION_DELAY;
        expectedResolution = uint64(block.timestamp) + delay;
    }
}
