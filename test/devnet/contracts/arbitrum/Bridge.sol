// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @notice Devnet stand-in for Nitro's Bridge: the getters and the MessageDelivered event the watchtower reads,
///         with nitro-contracts' signatures. Delayed messages are delivered directly (no Inbox contract).
contract Bridge {
    event MessageDelivered(
        uint256 indexed messageIndex,
        bytes32 indexed beforeInboxAcc,
        address inbox,
        uint8 kind,
        address sender,
        bytes32 messageDataHash,
        uint256 baseFeeL1,
        uint64 timestamp
    );
    event RollupUpdated(address rollup);
    event SequencerInboxUpdated(address newSequencerInbox);

    address public immutable owner;
    address public rollup;
    address public sequencerInbox;
    bytes32[] public delayedInboxAccs;

    constructor() {
        owner = msg.sender;
    }

    modifier onlyOwner() {
        require(msg.sender == owner, "NOT_OWNER");
        _;
    }

    function delayedMessageCount() external view returns (uint256) {
        return delayedInboxAccs.length;
    }

    function setRollup(address rollup_) external onlyOwner {
        rollup = rollup_;
        emit RollupUpdated(rollup_);
    }

    function setSequencerInbox(address sequencerInbox_) external onlyOwner {
        sequencerInbox = sequencerInbox_;
        emit SequencerInboxUpdated(sequencerInbox_);
    }

    /// @notice Appends a delayed (L1 → L2) message, as an Inbox would; returns its index.
    function deliverMessage(uint8 kind, address sender, bytes32 messageDataHash) external returns (uint256 index) {
        index = delayedInboxAccs.length;
        bytes32 before = index == 0 ? bytes32(0) : delayedInboxAccs[index - 1];
        delayedInboxAccs.push(keccak256(abi.encodePacked(before, kind, sender, messageDataHash, block.timestamp)));
        emit MessageDelivered(index, before, msg.sender, kind, sender, messageDataHash, block.basefee, uint64(block.timestamp));
    }
}
