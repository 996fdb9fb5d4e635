// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice Devnet OptimismPortal (1.x, pre fault proofs): names its L2OutputOracle with l2Oracle().
contract OptimismPortalLegacy {
    address public immutable l2Oracle;

    constructor(address _l2Oracle) {
        l2Oracle = _l2Oracle;
    }
}
