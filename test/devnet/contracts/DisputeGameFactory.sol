// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {FaultDisputeGame} from "./FaultDisputeGame.sol";

interface IRespectedGameTypeSource {
    function respectedGameType() external view returns (uint32);
}

/// @notice Devnet DisputeGameFactory with Optimism's ABI. Games are deployed with `new` rather
///         than as clones, taking their clock settings and AnchorStateRegistry from the
///         reference implementation registered for the game type (gameImpls).
///         Game ids are packed as in Optimism's LibGameId:
///         gameType (bits 224..255) | timestamp (bits 160..223) | proxy address (bits 0..159).
contract DisputeGameFactory {
    struct GameSearchResult {
        uint256 index;
        bytes32 metadata;
        uint64 timestamp;
        bytes32 rootClaim;
        bytes extraData;
    }

    event DisputeGameCreated(address indexed disputeProxy, uint32 indexed gameType, bytes32 indexed rootClaim);
    event ImplementationSet(address indexed impl, uint32 indexed gameType);

    error NoImplementation(uint32 gameType);
    error GameAlreadyExists(bytes32 uuid);

    mapping(uint32 => address) public gameImpls;
    bytes32[] internal _disputeGameList;
    mapping(bytes32 => bytes32) internal _disputeGames; // uuid => packed game id

    /// @dev Test-only: no access control.
    function setImplementation(uint32 _gameType, address _impl) external {
        gameImpls[_gameType] = _impl;
        emit ImplementationSet(_impl, _gameType);
    }

    /// @dev Test-only: lists a game deployed elsewhere (AggregateVerifier, super-root games), as create() would.
    function registerGame(uint32 _gameType, address _game, bytes32 _rootClaim, bytes calldata _extraData) external {
        bytes32 uuid = getGameUUID(_gameType, _rootClaim, _extraData);
        if (_disputeGames[uuid] != bytes32(0)) revert GameAlreadyExists(uuid);
        bytes32 id = _pack(_gameType, uint64(block.timestamp), _game);
        _disputeGames[uuid] = id;
        _disputeGameList.push(id);
        emit DisputeGameCreated(_game, _gameType, _rootClaim);
    }

    function create(uint32 _gameType, bytes32 _rootClaim, bytes calldata _extraData)
        external
        payable
        returns (address proxy_)
    {
        address impl = gameImpls[_gameType];
        if (impl == address(0)) revert NoImplementation(_gameType);
        bytes32 uuid = getGameUUID(_gameType, _rootClaim, _extraData);
        if (_disputeGames[uuid] != bytes32(0)) revert GameAlreadyExists(uuid);

        FaultDisputeGame ref = FaultDisputeGame(impl);
        address asr = ref.anchorStateRegistry();
        FaultDisputeGame.Config memory config = FaultDisputeGame.Config({
            gameType: _gameType,
            maxClockDuration: ref.maxClockDuration(),
            clockExtension: ref.clockExtension(),
            anchorStateRegistry: asr,
            wasRespectedGameTypeWhenCreated: IRespectedGameTypeSource(asr).respectedGameType() == _gameType,
            gameCreator: msg.sender
        });
        proxy_ = address(new FaultDisputeGame(config, _rootClaim, _extraData));

        bytes32 id = _pack(_gameType, uint64(block.timestamp), proxy_);
        _disputeGames[uuid] = id;
        _disputeGameList.push(id);
        emit DisputeGameCreated(proxy_, _gameType, _rootClaim);
    }

    function gameCount() external view returns (uint256 gameCount_) {
        gameCount_ = _disputeGameList.length;
    }

    function gameAtIndex(uint256 _index) external view returns (uint32 gameType_, uint64 timestamp_, address proxy_) {
        return _unpack(_disputeGameList[_index]);
    }

    function games(uint32 _gameType, bytes32 _rootClaim, bytes calldata _extraData)
        external
        view
        returns (address proxy_, uint64 timestamp_)
    {
        (, timestamp_, proxy_) = _unpack(_disputeGames[getGameUUID(_gameType, _rootClaim, _extraData)]);
    }

    function getGameUUID(uint32 _gameType, bytes32 _rootClaim, bytes calldata _extraData)
        public
        pure
        returns (bytes32 uuid_)
    {
        uuid_ = keccak256(abi.encode(_gameType, _rootClaim, _extraData));
    }

    /// @notice Up to `_n` games of `_gameType`, newest first, searching backwards from index `_start`.
    function findLatestGames(uint32 _gameType, uint256 _start, uint256 _n)
        external
        view
        returns (GameSearchResult[] memory games_)
    {
        if (_start >= _disputeGameList.length || _n == 0) return games_;
        // At most _start + 1 games can match; capping keeps a huge _n from exhausting memory.
        uint256 cap = _n < _start + 1 ? _n : _start + 1;
        GameSearchResult[] memory found = new GameSearchResult[](cap);
        uint256 count = 0;
        for (uint256 i = _start + 1; i > 0 && count < cap;) {
            i--;
            bytes32 id = _disputeGameList[i];
            (uint32 gameType, uint64 timestamp, address proxy) = _unpack(id);
            if (gameType != _gameType) continue;
            FaultDisputeGame game = FaultDisputeGame(proxy);
            found[count++] = GameSearchResult({
                index: i,
                metadata: id,
                timestamp: timestamp,
                rootClaim: game.rootClaim(),
                extraData: game.extraData()
            });
        }
        games_ = new GameSearchResult[](count);
        for (uint256 j = 0; j < count; j++) {
            games_[j] = found[j];
        }
    }

    function _pack(uint32 _gameType, uint64 _timestamp, address _proxy) internal pure returns (bytes32) {
        return bytes32((uint256(_gameType) << 224) | (uint256(_timestamp) << 160) | uint256(uint160(_proxy)));
    }

    function _unpack(bytes32 _id) internal pure returns (uint32 gameType_, uint64 timestamp_, address proxy_) {
        gameType_ = uint32(uint256(_id) >> 224);
        timestamp_ = uint64(uint256(_id) >> 160);
        proxy_ = address(uint160(uint256(_id)));
    }
}
