// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice Devnet Arbitrum Bridge: the delayed-message accumulator and nitro's `MessageDelivered` event.
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

    error NotDelayedInbox(address sender);

    address public immutable owner;
    bytes32[] public delayedInboxAccs;
    mapping(address => bool) public allowedDelayedInboxes;

    constructor() {
        owner = msg.sender;
    }

    function setDelayedInbox(address inbox, bool enabled) external {
        require(msg.sender == owner, "not owner");
        allowedDelayedInboxes[inbox] = enabled;
    }

    function delayedMessageCount() external view returns (uint256) {
        return delayedInboxAccs.length;
    }

    function enqueueDelayedMessage(uint8 kind, address sender, bytes32 messageDataHash) external payable returns (uint256) {
        if (!allowedDelayedInboxes[msg.sender]) revert NotDelayedInbox(msg.sender);
        uint256 count = delayedInboxAccs.length;
        bytes32 messageHash = keccak256(
            abi.encodePacked(kind, sender, uint64(block.number), uint64(block.timestamp), count, block.basefee, messageDataHash)
        );
        bytes32 prevAcc = count > 0 ? delayedInboxAccs[count - 1] : bytes32(0);
        delayedInboxAccs.push(keccak256(abi.encodePacked(prevAcc, messageHash)));
        emit MessageDelivered(count, prevAcc, msg.sender, kind, sender, messageDataHash, block.basefee, uint64(block.timestamp));
        return count;
    }
}

/// @notice Devnet Arbitrum delayed Inbox: nitro's `sendL2Message(bytes)` and `InboxMessageDelivered` event. The
///         message (for a signed transaction: 0x04 ‖ RLP of the signed tx) goes to the Bridge as an L2_MSG
///         (kind 3) from the aliased sender, as nitro records it; a signed transaction still executes on L2
///         from the address that signed it.
contract Inbox {
    uint8 internal constant L2_MSG = 3;
    uint160 internal constant ALIAS_OFFSET = uint160(0x1111000000000000000000000000000000001111);

    event InboxMessageDelivered(uint256 indexed messageNum, bytes data);

    error DataTooLarge(uint256 dataLength, uint256 maxDataLength);

    Bridge public immutable bridge;
    uint256 public immutable maxDataSize;

    constructor(Bridge _bridge, uint256 _maxDataSize) {
        bridge = _bridge;
        maxDataSize = _maxDataSize;
    }

    function sendL2Message(bytes calldata messageData) external returns (uint256) {
        if (messageData.length > maxDataSize) revert DataTooLarge(messageData.length, maxDataSize);
        address aliased;
        unchecked {
            aliased = address(uint160(msg.sender) + ALIAS_OFFSET);
        }
        uint256 msgNum = bridge.enqueueDelayedMessage(L2_MSG, aliased, keccak256(messageData));
        emit InboxMessageDelivered(msgNum, messageData);
        return msgNum;
    }
}
