import { type Hex, hexToBigInt, keccak256, size, slice } from 'viem'

/** One chain's output root inside a super root. */
export interface SuperRootOutput {
  readonly chainId: bigint
  readonly outputRoot: Hex
}

export interface SuperRoot {
  /** The L2 timestamp every output root is taken at. */
  readonly timestamp: bigint
  /** Sorted by chain ID, as the encoding requires. */
  readonly outputs: readonly SuperRootOutput[]
}

/** Encoding version of a super root (optimism's `SUPER_ROOT_VERSION`). */
export const superRootVersion = 1

/**
 * A super-root game's extraData is the super root's preimage: version 1 ‖ uint64 timestamp (big-endian) ‖
 * (uint256 chain ID ‖ bytes32 output root)*, sorted by chain ID, and the root claim is its keccak256 (the game
 * refuses to initialize otherwise). Undefined when the bytes are not such a preimage of this root claim.
 */
export function decodeSuperRoot(extraData: Hex, rootClaim: Hex): SuperRoot | undefined {
  const length = size(extraData)
  if (length < 9 + 64 || (length - 9) % 64 !== 0) return undefined
  if (hexToBigInt(slice(extraData, 0, 1)) !== BigInt(superRootVersion)) return undefined
  if (keccak256(extraData).toLowerCase() !== rootClaim.toLowerCase()) return undefined
  const outputs: SuperRootOutput[] = []
  for (let offset = 9; offset < length; offset += 64) {
    const chainId = hexToBigInt(slice(extraData, offset, offset + 32))
    if (outputs.length > 0 && chainId <= outputs.at(-1)!.chainId) return undefined
    outputs.push({ chainId, outputRoot: slice(extraData, offset + 32, offset + 64) })
  }
  return { timestamp: hexToBigInt(slice(extraData, 1, 9)), outputs }
}
