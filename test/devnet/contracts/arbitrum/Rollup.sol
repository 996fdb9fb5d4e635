// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @notice Devnet stand-in for Nitro's BoLD rollup (RollupCore + RollupUserLogic): assertion reads and the
///         AssertionCreated / AssertionConfirmed events with nitro-contracts' signatures. Assertions are created
///         and confirmed by the owner (no staking, no challenges), but confirmation keeps the real rules: the
///         parent must be the latest confirmed assertion and confirmPeriodBlocks must have passed.
contract Rollup {
    struct GlobalState {
        bytes32[2] bytes32Vals; // [0] L2 block hash, [1] send root
        uint64[2] u64Vals; // [0] inbox batch, [1] position in message
    }

    enum MachineStatus {
        RUNNING,
        FINISHED,
        ERRORED
    }

    struct AssertionState {
        GlobalState globalState;
        MachineStatus machineStatus;
        bytes32 endHistoryRoot;
    }

    struct ConfigData {
        bytes32 wasmModuleRoot;
        uint256 requiredStake;
        address challengeManager;
        uint64 confirmPeriodBlocks;
        uint64 nextInboxPosition;
    }

    struct BeforeStateData {
        bytes32 prevPrevAssertionHash;
        bytes32 sequencerBatchAcc;
        ConfigData configData;
    }

    struct AssertionInputs {
        BeforeStateData beforeStateData;
        AssertionState beforeState;
        AssertionState afterState;
    }

    enum AssertionStatus {
        NoAssertion,
        Pending,
        Confirmed
    }

    struct AssertionNode {
        uint64 firstChildBlock;
        uint64 secondChildBlock;
        uint64 createdAtBlock;
        bool isFirstChild;
        AssertionStatus status;
        bytes32 configHash;
    }

    event AssertionCreated(
        bytes32 indexed assertionHash,
        bytes32 indexed parentAssertionHash,
        AssertionInputs assertion,
        bytes32 afterInboxBatchAcc,
        uint256 inboxMaxCount,
        bytes32 wasmModuleRoot,
        uint256 requiredStake,
        address challengeManager,
        uint64 confirmPeriodBlocks
    );
    event AssertionConfirmed(bytes32 indexed assertionHash, bytes32 blockHash, bytes32 sendRoot);

    bytes32 private constant GENESIS = keccak256("watchtower devnet genesis assertion");

    address public immutable owner;
    address public immutable bridge;
    address public immutable sequencerInbox;
    uint64 public confirmPeriodBlocks;
    bytes32 public latestConfirmed;
    mapping(bytes32 => AssertionNode) private assertions;
    mapping(bytes32 => bytes32) private parents;
    mapping(bytes32 => GlobalState) private afterStates;
    uint256 private nonce;

    constructor(address bridge_, address sequencerInbox_, uint64 confirmPeriodBlocks_) {
        owner = msg.sender;
        bridge = bridge_;
        sequencerInbox = sequencerInbox_;
        confirmPeriodBlocks = confirmPeriodBlocks_;
        assertions[GENESIS] = AssertionNode(0, 0, uint64(block.number), false, AssertionStatus.Confirmed, bytes32(0));
        latestConfirmed = GENESIS;
    }

    modifier onlyOwner() {
        require(msg.sender == owner, "NOT_OWNER");
        _;
    }

    function genesisAssertionHash() external pure returns (bytes32) {
        return GENESIS;
    }

    function getAssertion(bytes32 assertionHash) external view returns (AssertionNode memory) {
        require(assertionHash != bytes32(0), "ASSERTION_ID_CANNOT_BE_ZERO");
        return assertions[assertionHash];
    }

    function setConfirmPeriodBlocks(uint64 blocks) external onlyOwner {
        confirmPeriodBlocks = blocks;
    }

    /// @notice Devnet helper: a new assertion on `parent` claiming L2 block `l2BlockHash` after inbox batch `batch`.
    function createAssertion(bytes32 parent, bytes32 l2BlockHash, bytes32 sendRoot, uint64 batch)
        external
        onlyOwner
        returns (bytes32 assertionHash)
    {
        AssertionNode storage prev = assertions[parent];
        require(prev.status != AssertionStatus.NoAssertion, "PREV_NOT_EXISTS");
        AssertionInputs memory inputs;
        inputs.beforeStateData.configData.confirmPeriodBlocks = confirmPeriodBlocks;
        inputs.beforeStateData.configData.nextInboxPosition = batch;
        inputs.afterState.globalState.bytes32Vals = [l2BlockHash, sendRoot];
        inputs.afterState.globalState.u64Vals = [batch, uint64(0)];
        inputs.afterState.machineStatus = MachineStatus.FINISHED;
        assertionHash = keccak256(abi.encode(parent, inputs.afterState, nonce++));

        bool isFirstChild = prev.firstChildBlock == 0;
        if (isFirstChild) prev.firstChildBlock = uint64(block.number);
        else if (prev.secondChildBlock == 0) prev.secondChildBlock = uint64(block.number);
        assertions[assertionHash] =
            AssertionNode(0, 0, uint64(block.number), isFirstChild, AssertionStatus.Pending, keccak256(abi.encode(inputs.beforeStateData.configData)));
        parents[assertionHash] = parent;
        afterStates[assertionHash] = inputs.afterState.globalState;
        emit AssertionCreated(assertionHash, parent, inputs, bytes32(0), batch, bytes32(0), 0, address(0), confirmPeriodBlocks);
    }

    /// @notice Confirms a pending child of the latest confirmed assertion once its confirm period has passed.
    function confirmAssertion(bytes32 assertionHash) external onlyOwner {
        AssertionNode storage node = assertions[assertionHash];
        require(node.status == AssertionStatus.Pending, "NOT_PENDING");
        require(parents[assertionHash] == latestConfirmed, "PREV_NOT_LATEST_CONFIRMED");
        require(block.number >= node.createdAtBlock + confirmPeriodBlocks, "BEFORE_DEADLINE");
        node.status = AssertionStatus.Confirmed;
        latestConfirmed = assertionHash;
        GlobalState memory state = afterStates[assertionHash];
        emit AssertionConfirmed(assertionHash, state.bytes32Vals[0], state.bytes32Vals[1]);
    }
}
