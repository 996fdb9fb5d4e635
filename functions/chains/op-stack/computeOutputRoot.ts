import { concat, type Hex, keccak256, type PublicClient, zeroHash } from 'viem'
import { getBlock, getProof } from 'viem/actions'

/** The L2ToL1MessagePasser predeploy: its storage root is committed in every output root. */
export const messagePasserAddress = '0x4200000000000000000000000000000000000016'
/** Root of an empty trie: a pre-Isthmus header's withdrawalsRoot, or an untouched account's storage. */
export const emptyTrieRoot: Hex = '0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421'

export interface OutputRoot {
  readonly outputRoot: Hex
  readonly stateRoot: Hex
  readonly messagePasserStorageRoot: Hex
  readonly blockHash: Hex
}

/**
 * Output root v0 at an L2 block, as the proposer must have computed it: keccak256(version 0 ‖ state root ‖
 * L2ToL1MessagePasser storage root ‖ block hash). Past Isthmus the header's withdrawalsRoot is that storage
 * root; an empty-trie withdrawalsRoot (pre-Isthmus, or truly empty storage) is confirmed with eth_getProof,
 * sent in the same JSON-RPC batch as the block.
 */
export async function computeOutputRoot(client: PublicClient, { blockNumber }: { readonly blockNumber: bigint }): Promise<OutputRoot> {
  const [block, proof] = await Promise.all([
    getBlock(client, { blockNumber }),
    getProof(client, { address: messagePasserAddress, storageKeys: [], blockNumber }).catch((error: unknown) => error as Error),
  ])
  const header = block as typeof block & { withdrawalsRoot?: Hex }
  const fromHeader = header.withdrawalsRoot && header.withdrawalsRoot !== emptyTrieRoot ? header.withdrawalsRoot : undefined
  if (!fromHeader && proof instanceof Error) throw proof
  const messagePasserStorageRoot = fromHeader ?? (proof as Exclude<typeof proof, Error>).storageHash
  const blockHash = block.hash!
  return {
    outputRoot: keccak256(concat([zeroHash, block.stateRoot, messagePasserStorageRoot, blockHash])),
    stateRoot: block.stateRoot,
    messagePasserStorageRoot,
    blockHash,
  }
}
