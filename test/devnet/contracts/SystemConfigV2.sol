// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice Devnet SystemConfig ≥ 2.0: l2OutputOracle() is gone (removed in 2.0.0); the portal and
///         (where fault proofs run) the factory remain.
contract SystemConfigV2 {
    address public immutable optimismPortal;
    address public immutable disputeGameFactory;

    constructor(address _portal, address _disputeGameFactory) {
        optimismPortal = _portal;
        disputeGameFactory = _disputeGameFactory;
    }
}
