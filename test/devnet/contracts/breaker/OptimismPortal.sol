// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

interface IAnchorStateRegistryForBreakerPortal {
    function respectedGameType() external view returns (uint32);
}

/// @notice Devnet OptimismPortal for the breaker's L1 route: `depositTransaction` with Optimism's signature,
///         checks and event (`TransactionDeposited(from, to, version, opaqueData)`, opaqueData =
///         abi.encodePacked(mint, value, gasLimit, isCreation, data), deposit version 0), and the sender
///         rule: an EOA keeps its address on L2, a contract sender is aliased. Resource metering (the L1 gas
///         burnt per unit of L2 gas) is left out. The getters a monitor reads for discovery forward to the
///         AnchorStateRegistry, as in OptimismPortal2.
contract OptimismPortal {
    /// @dev Optimism's DEPOSIT_VERSION.
    uint256 internal constant DEPOSIT_VERSION = 0;
    /// @dev ResourceMetering's default maxResourceLimit: the most L2 gas one L1 block may buy.
    uint64 public constant MAX_RESOURCE_LIMIT = 20_000_000;
    uint160 internal constant ALIAS_OFFSET = uint160(0x1111000000000000000000000000000000001111);

    event TransactionDeposited(address indexed from, address indexed to, uint256 indexed version, bytes opaqueData);

    error BadTarget();
    error SmallGasLimit();
    error LargeCalldata();
    error OutOfResources();

    address public immutable anchorStateRegistry;
    uint256 public depositCount;

    constructor(address _anchorStateRegistry) {
        anchorStateRegistry = _anchorStateRegistry;
    }

    function respectedGameType() external view returns (uint32) {
        if (anchorStateRegistry == address(0)) return 0;
        return IAnchorStateRegistryForBreakerPortal(anchorStateRegistry).respectedGameType();
    }

    /// @notice Optimism's rule: 40 gas per calldata byte on top of the 21k intrinsic gas.
    function minimumGasLimit(uint64 _byteCount) public pure returns (uint64) {
        return _byteCount * 40 + 21000;
    }

    function depositTransaction(address _to, uint256 _value, uint64 _gasLimit, bool _isCreation, bytes memory _data)
        public
        payable
    {
        if (_isCreation && _to != address(0)) revert BadTarget();
        if (_gasLimit < minimumGasLimit(uint64(_data.length))) revert SmallGasLimit();
        if (_data.length > 120_000) revert LargeCalldata();
        if (_gasLimit > MAX_RESOURCE_LIMIT) revert OutOfResources();

        address from = msg.sender;
        if (msg.sender != tx.origin) {
            unchecked {
                from = address(uint160(msg.sender) + ALIAS_OFFSET);
            }
        }
        bytes memory opaqueData = abi.encodePacked(msg.value, _value, _gasLimit, _isCreation, _data);
        depositCount += 1;
        emit TransactionDeposited(from, _to, DEPOSIT_VERSION, opaqueData);
    }
}
