// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice Devnet SystemConfig: the discovery getters a monitor reads, set once at deploy.
///         A fault-proof chain has l2OutputOracle() == 0; a legacy chain has disputeGameFactory() == 0.
contract SystemConfig {
    /// @dev Same event and BATCHER update type (0) as Optimism's SystemConfig.
    event ConfigUpdate(uint256 indexed version, uint8 indexed updateType, bytes data);

    address public optimismPortal;
    address public disputeGameFactory;
    address public l2OutputOracle;
    address public batchInbox;
    /// @dev The batcher address sits in the low 20 bytes.
    bytes32 public batcherHash;

    constructor(address _portal, address _disputeGameFactory, address _l2OutputOracle, address _batchInbox, bytes32 _batcherHash) {
        optimismPortal = _portal;
        disputeGameFactory = _disputeGameFactory;
        l2OutputOracle = _l2OutputOracle;
        batchInbox = _batchInbox;
        batcherHash = _batcherHash;
    }

    function setBatcherHash(bytes32 _batcherHash) external {
        batcherHash = _batcherHash;
        emit ConfigUpdate(0, 0, abi.encode(_batcherHash));
    }
}
