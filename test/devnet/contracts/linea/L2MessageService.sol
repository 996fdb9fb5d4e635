// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice Devnet stand-in for Linea's L2MessageService (linea-monorepo contracts/src/messaging/l2): the anchoring
///         of L1→L2 messages as the coordinator does it, with the real signatures and checks of
///         `anchorL1L2MessageHashes` (numbers continue `lastAnchoredL1MessageNumber`, the rolling hash must match
///         L1's), `lastAnchoredL1MessageNumber()`, `l1RollingHashes(uint256)` and the events. No roles here.
contract L2MessageService {
    uint256 public lastAnchoredL1MessageNumber;
    mapping(uint256 => bytes32) public l1RollingHashes;
    mapping(bytes32 => uint256) public inboxL1L2MessageStatus;

    event L1L2MessageHashesAddedToInbox(bytes32[] messageHashes);
    event RollingHashUpdated(uint256 indexed messageNumber, bytes32 indexed rollingHash);

    error MessageHashesListLengthIsZero();
    error L1MessageNumberSynchronizationWrong(uint256 expected, uint256 found);
    error L1RollingHashSynchronizationWrong(bytes32 expected, bytes32 found);

    function anchorL1L2MessageHashes(
        bytes32[] calldata _messageHashes,
        uint256 _startingMessageNumber,
        uint256 _finalMessageNumber,
        bytes32 _finalRollingHash
    ) external {
        if (_messageHashes.length == 0) revert MessageHashesListLengthIsZero();
        uint256 number = lastAnchoredL1MessageNumber;
        if (_startingMessageNumber - 1 != number) revert L1MessageNumberSynchronizationWrong(_startingMessageNumber - 1, number);
        bytes32 rollingHash = l1RollingHashes[number];
        for (uint256 i; i < _messageHashes.length; ++i) {
            if (inboxL1L2MessageStatus[_messageHashes[i]] != 0) continue;
            inboxL1L2MessageStatus[_messageHashes[i]] = 1;
            rollingHash = keccak256(abi.encodePacked(rollingHash, _messageHashes[i]));
            ++number;
        }
        if (number != _finalMessageNumber) revert L1MessageNumberSynchronizationWrong(_finalMessageNumber, number);
        if (rollingHash != _finalRollingHash) revert L1RollingHashSynchronizationWrong(_finalRollingHash, rollingHash);
        if (number != lastAnchoredL1MessageNumber) {
            lastAnchoredL1MessageNumber = number;
            l1RollingHashes[number] = rollingHash;
            emit L1L2MessageHashesAddedToInbox(_messageHashes);
            emit RollingHashUpdated(number, rollingHash);
        }
    }
}
