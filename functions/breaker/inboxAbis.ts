import { parseAbi } from 'viem'

/**
 * OptimismPortal (OP Stack, L1): a deposit is ordered ahead of the L2's own transactions by derivation, and can
 * be forced in after the sequencing window even if the sequencer never comes back. An EOA's deposit keeps its
 * address on L2 (only contract senders are aliased, by +0x1111000000000000000000000000000000001111).
 */
export const optimismPortalAbi = parseAbi([
  'function depositTransaction(address _to, uint256 _value, uint64 _gasLimit, bool _isCreation, bytes _data) payable',
  'function minimumGasLimit(uint64 _byteCount) pure returns (uint64)',
  'event TransactionDeposited(address indexed from, address indexed to, uint256 indexed version, bytes opaqueData)',
])

export const systemConfigPortalAbi = parseAbi(['function optimismPortal() view returns (address)'])

/**
 * Arbitrum delayed Inbox (L1): `sendL2Message` carries a transaction already signed for the L2, so the L2 sees
 * the signer itself as sender (no aliasing), with the signer's own L2 nonce. The sequencer must include delayed
 * messages in order; after the force-inclusion delay anyone can force them in.
 */
export const arbitrumInboxAbi = parseAbi([
  'function sendL2Message(bytes messageData) returns (uint256)',
  'event InboxMessageDelivered(uint256 indexed messageNum, bytes data)',
])

/** L2MessageType_signedTx: the kind byte that prefixes a signed L2 transaction in an L2 message. */
export const ARBITRUM_SIGNED_TX_KIND = '0x04'

/** Minimum L2 gas for calls through an L1 inbox, and the value used when the L2 cannot be asked for an estimate. */
export const MIN_INBOX_L2_GAS = 100_000n
export const DEFAULT_INBOX_L2_GAS = 200_000n
