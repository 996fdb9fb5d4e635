// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice Devnet stand-in for Linea's LineaRollup on L1 (linea-monorepo contracts/src/rollup), with the real
///         signatures of what the watchtower reads: `currentL2BlockNumber()`, `stateRootHashes(uint256)`,
///         `currentFinalizedShnarf()`, `isPaused(uint8)` (PauseManager), the events DataSubmittedV3,
///         DataSubmittedV2 (older deployments), DataFinalizedV3 and FinalizedStateUpdated, and the V3-era
///         `submitDataAsCalldata`. Finalization takes no proof here (`finalizeForTest`), nothing is access-controlled.
///         L1→L2 messages (L1MessageService): `sendMessage` numbers them from `nextMessageNumber` (starting at 1),
///         keeps `rollingHashes(n)` = keccak(rollingHashes(n − 1) ‖ messageHash) and emits RollingHashUpdated and
///         MessageSent with the real signatures; the message hash itself is a devnet encoding.
contract LineaRollup {
    /// @dev PauseManager.PauseType; enums are uint8 in the ABI, so isPaused(PauseType) has selector isPaused(uint8).
    enum PauseType {
        UNUSED,
        GENERAL,
        L1_L2,
        L2_L1,
        BLOB_SUBMISSION,
        CALLDATA_SUBMISSION,
        FINALIZATION,
        INITIATE_TOKEN_BRIDGING,
        COMPLETE_TOKEN_BRIDGING,
        NATIVE_YIELD_STAKING,
        NATIVE_YIELD_UNSTAKING,
        NATIVE_YIELD_PERMISSIONLESS_ACTIONS,
        NATIVE_YIELD_REPORTING,
        STATE_DATA_SUBMISSION
    }

    struct CompressedCalldataSubmission {
        bytes32 finalStateRootHash;
        bytes32 snarkHash;
        bytes compressedData;
    }

    uint256 public currentL2BlockNumber;
    mapping(uint256 => bytes32) public stateRootHashes;
    bytes32 public currentFinalizedShnarf;
    /// @dev Older deployments end their PauseType enum at COMPLETE_TOKEN_BRIDGING (8): ABI-decoding a higher
    ///      value reverts without data there, which is what isPaused does past this bound.
    uint8 public immutable highestPauseType;
    uint256 private pauseTypeStatuses;
    uint256 public nextMessageNumber = 1;
    mapping(uint256 => bytes32) public rollingHashes;

    event DataSubmittedV3(bytes32 parentShnarf, bytes32 indexed shnarf, bytes32 finalStateRootHash);
    event DataSubmittedV2(bytes32 indexed shnarf, uint256 indexed startBlock, uint256 indexed endBlock);
    event DataFinalizedV3(
        uint256 indexed startBlockNumber,
        uint256 indexed endBlockNumber,
        bytes32 indexed shnarf,
        bytes32 parentStateRootHash,
        bytes32 finalStateRootHash
    );
    event FinalizedStateUpdated(uint256 indexed blockNumber, uint256 timestamp, uint256 messageNumber, uint256 forcedTransactionNumber);
    event MessageSent(
        address indexed _from,
        address indexed _to,
        uint256 _fee,
        uint256 _value,
        uint256 _nonce,
        bytes _calldata,
        bytes32 indexed _messageHash
    );
    event RollingHashUpdated(uint256 indexed messageNumber, bytes32 indexed rollingHash, bytes32 indexed messageHash);
    event Paused(address messageSender, PauseType indexed pauseType);
    event UnPaused(address messageSender, PauseType indexed pauseType);

    error IsPaused(PauseType pauseType);
    error EmptySubmissionData();
    error ZeroAddressNotAllowed();
    error ValueSentTooLow();

    constructor(uint256 initialL2BlockNumber, bytes32 initialStateRootHash, uint8 highestPauseType_) {
        currentL2BlockNumber = initialL2BlockNumber;
        stateRootHashes[initialL2BlockNumber] = initialStateRootHash;
        highestPauseType = highestPauseType_;
    }

    modifier whenTypeAndGeneralNotPaused(PauseType pauseType) {
        if (isPaused(PauseType.GENERAL)) revert IsPaused(PauseType.GENERAL);
        if (isPaused(pauseType)) revert IsPaused(pauseType);
        _;
    }

    function isPaused(PauseType pauseType) public view returns (bool) {
        if (uint8(pauseType) > highestPauseType) revert();
        return (pauseTypeStatuses >> uint256(pauseType)) & 1 == 1;
    }

    function pauseByType(PauseType pauseType) external {
        pauseTypeStatuses |= 1 << uint256(pauseType);
        emit Paused(msg.sender, pauseType);
    }

    function unPauseByType(PauseType pauseType) external {
        pauseTypeStatuses &= ~(1 << uint256(pauseType));
        emit UnPaused(msg.sender, pauseType);
    }

    /// @notice An L1→L2 message (L1MessageService.sendMessage): msg.value = value + fee.
    function sendMessage(address _to, uint256 _fee, bytes calldata _calldata)
        external
        payable
        whenTypeAndGeneralNotPaused(PauseType.L1_L2)
    {
        if (_to == address(0)) revert ZeroAddressNotAllowed();
        if (_fee > msg.value) revert ValueSentTooLow();
        uint256 messageNumber = nextMessageNumber++;
        uint256 valueSent = msg.value - _fee;
        bytes32 messageHash = keccak256(abi.encode(msg.sender, _to, _fee, valueSent, messageNumber, _calldata));
        bytes32 rollingHash = keccak256(abi.encodePacked(rollingHashes[messageNumber - 1], messageHash));
        rollingHashes[messageNumber] = rollingHash;
        emit RollingHashUpdated(messageNumber, rollingHash, messageHash);
        emit MessageSent(msg.sender, _to, _fee, valueSent, messageNumber, _calldata, messageHash);
    }

    /// @notice The V3-era calldata submission (selector 0x6854f6bc); emits DataSubmittedV3 like the real one.
    function submitDataAsCalldata(
        CompressedCalldataSubmission calldata submission,
        bytes32 parentShnarf,
        bytes32 expectedShnarf
    ) external whenTypeAndGeneralNotPaused(PauseType.STATE_DATA_SUBMISSION) {
        if (submission.compressedData.length == 0) revert EmptySubmissionData();
        emit DataSubmittedV3(parentShnarf, expectedShnarf, submission.finalStateRootHash);
    }

    /// @notice What a pre-V3 deployment logged per submission.
    function emitDataSubmittedV2(bytes32 shnarf, uint256 startBlock, uint256 endBlock) external {
        emit DataSubmittedV2(shnarf, startBlock, endBlock);
    }

    /// @notice finalizeBlocks without the proof: moves the finalized L2 block and logs as the real one does.
    function finalizeForTest(uint256 endBlockNumber, bytes32 shnarf, bytes32 finalStateRootHash, uint256 finalTimestamp)
        external
        whenTypeAndGeneralNotPaused(PauseType.FINALIZATION)
    {
        uint256 startBlockNumber = currentL2BlockNumber + 1;
        bytes32 parentStateRootHash = stateRootHashes[currentL2BlockNumber];
        currentL2BlockNumber = endBlockNumber;
        stateRootHashes[endBlockNumber] = finalStateRootHash;
        currentFinalizedShnarf = shnarf;
        emit DataFinalizedV3(startBlockNumber, endBlockNumber, shnarf, parentStateRootHash, finalStateRootHash);
        emit FinalizedStateUpdated(endBlockNumber, finalTimestamp, 0, 0);
    }
}
