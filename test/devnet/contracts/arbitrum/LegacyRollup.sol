// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @notice Devnet stand-in for a pre-BoLD Nitro rollup: node numbers (latestConfirmed() returns uint64,
///         latestNodeCreated()) and the NodeCreated / NodeConfirmed events with nitro-contracts' signatures.
contract LegacyRollup {
    struct GlobalState {
        bytes32[2] bytes32Vals;
        uint64[2] u64Vals;
    }

    enum MachineStatus {
        RUNNING,
        FINISHED,
        ERRORED
    }

    struct ExecutionState {
        GlobalState globalState;
        MachineStatus machineStatus;
    }

    struct Assertion {
        ExecutionState beforeState;
        ExecutionState afterState;
        uint64 numBlocks;
    }

    event NodeCreated(
        uint64 indexed nodeNum,
        bytes32 indexed parentNodeHash,
        bytes32 indexed nodeHash,
        bytes32 executionHash,
        Assertion assertion,
        bytes32 afterInboxBatchAcc,
        bytes32 wasmModuleRoot,
        uint256 inboxMaxCount
    );
    event NodeConfirmed(uint64 indexed nodeNum, bytes32 blockHash, bytes32 sendRoot);

    address public immutable owner;
    address public immutable bridge;
    address public immutable sequencerInbox;
    uint64 public confirmPeriodBlocks;
    uint64 public latestConfirmed;
    uint64 public latestNodeCreated;
    mapping(uint64 => bytes32) private nodeHashes;
    mapping(uint64 => GlobalState) private afterStates;

    constructor(address bridge_, address sequencerInbox_, uint64 confirmPeriodBlocks_) {
        owner = msg.sender;
        bridge = bridge_;
        sequencerInbox = sequencerInbox_;
        confirmPeriodBlocks = confirmPeriodBlocks_;
    }

    modifier onlyOwner() {
        require(msg.sender == owner, "NOT_OWNER");
        _;
    }

    /// @notice Devnet helper: a new node on the newest one, claiming L2 block `l2BlockHash`.
    function createNode(bytes32 l2BlockHash, bytes32 sendRoot) external onlyOwner returns (uint64 nodeNum) {
        nodeNum = ++latestNodeCreated;
        Assertion memory assertion;
        assertion.afterState.globalState.bytes32Vals = [l2BlockHash, sendRoot];
        assertion.afterState.machineStatus = MachineStatus.FINISHED;
        assertion.numBlocks = 1;
        bytes32 parentHash = nodeHashes[nodeNum - 1];
        bytes32 nodeHash = keccak256(abi.encode(parentHash, assertion));
        nodeHashes[nodeNum] = nodeHash;
        afterStates[nodeNum] = assertion.afterState.globalState;
        emit NodeCreated(nodeNum, parentHash, nodeHash, keccak256(abi.encode(assertion)), assertion, bytes32(0), bytes32(0), nodeNum);
    }

    function confirmNextNode() external onlyOwner {
        require(latestConfirmed < latestNodeCreated, "NO_NODE");
        uint64 nodeNum = ++latestConfirmed;
        GlobalState memory state = afterStates[nodeNum];
        emit NodeConfirmed(nodeNum, state.bytes32Vals[0], state.bytes32Vals[1]);
    }
}
