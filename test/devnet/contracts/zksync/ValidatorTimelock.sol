// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice Devnet ValidatorTimelock with the real era-contracts surface the watchtower uses
///         (`executionDelay()` 0x8b257989 as uint32, `getCommittedBatchTimestamp(address,uint256)` 0xb4dba6f9)
///         and the real behaviour: it records each committed batch's L1 time, refuses to execute a batch before
///         commit time + executionDelay (TimeNotReached), and forwards the unchanged calldata to the chain's
///         diamond. Roles are collapsed into one validator list per chain (the legacy timelock's
///         `addValidator(chain, validator)`; v29 splits it into commit / prove / execute roles): Era runs separate
///         commit and prove/execute operator wallets. The owner may act as a validator too.
contract ValidatorTimelock {
    event NewExecutionDelay(uint256 _newExecutionDelay);
    event ValidatorAdded(address indexed _chainAddress, address _addedValidator);

    error Unauthorized(address caller);
    error TimeNotReached(uint256 expectedTimestamp, uint256 actualTimestamp);

    address public owner;
    uint32 public executionDelay;
    mapping(address => mapping(uint256 => uint256)) internal committedBatchTimestamp;
    mapping(address => mapping(address => bool)) public validators;

    modifier onlyOwner() {
        if (msg.sender != owner) revert Unauthorized(msg.sender);
        _;
    }

    modifier onlyValidator(address _chainAddress) {
        if (msg.sender != owner && !validators[_chainAddress][msg.sender]) revert Unauthorized(msg.sender);
        _;
    }

    constructor(address _initialOwner, uint32 _executionDelay) {
        owner = _initialOwner;
        executionDelay = _executionDelay;
    }

    function setExecutionDelay(uint32 _executionDelay) external onlyOwner {
        executionDelay = _executionDelay;
        emit NewExecutionDelay(_executionDelay);
    }

    function addValidator(address _chainAddress, address _newValidator) external onlyOwner {
        validators[_chainAddress][_newValidator] = true;
        emit ValidatorAdded(_chainAddress, _newValidator);
    }

    function getCommittedBatchTimestamp(address _chainAddress, uint256 _l2BatchNumber) external view returns (uint256) {
        return committedBatchTimestamp[_chainAddress][_l2BatchNumber];
    }

    function commitBatchesSharedBridge(address _chainAddress, uint256 _processBatchFrom, uint256 _processBatchTo, bytes calldata)
        external
        onlyValidator(_chainAddress)
    {
        for (uint256 i = _processBatchFrom; i <= _processBatchTo; ++i) committedBatchTimestamp[_chainAddress][i] = block.timestamp;
        _propagateToZKChain(_chainAddress);
    }

    function proveBatchesSharedBridge(address _chainAddress, uint256, uint256, bytes calldata) external onlyValidator(_chainAddress) {
        _propagateToZKChain(_chainAddress);
    }

    function executeBatchesSharedBridge(address _chainAddress, uint256 _processBatchFrom, uint256 _processBatchTo, bytes calldata)
        external
        onlyValidator(_chainAddress)
    {
        for (uint256 i = _processBatchFrom; i <= _processBatchTo; ++i) {
            uint256 committedAt = committedBatchTimestamp[_chainAddress][i];
            if (block.timestamp < committedAt + executionDelay) revert TimeNotReached(committedAt + executionDelay, block.timestamp);
        }
        _propagateToZKChain(_chainAddress);
    }

    function revertBatchesSharedBridge(address _chainAddress, uint256) external onlyValidator(_chainAddress) {
        _propagateToZKChain(_chainAddress);
    }

    /// @dev Calls (not delegatecalls) the diamond with this call's calldata and returns or reverts as it did.
    function _propagateToZKChain(address _chainAddress) internal {
        assembly {
            calldatacopy(0, 0, calldatasize())
            let result := call(gas(), _chainAddress, 0, 0, calldatasize(), 0, 0)
            let size := returndatasize()
            returndatacopy(0, 0, size)
            switch result
            case 0 { revert(0, size) }
            default { return(0, size) }
        }
    }
}
