import { concat, encodePacked, type Hex, keccak256 } from 'viem'
import { describe, expect, it } from 'vitest'
import { decodeSuperRoot } from '../../functions/chains/op-stack/decodeSuperRoot.js'

const root = (byte: string) => `0x${byte.repeat(32)}` as Hex
const encode = (version: number, timestamp: bigint, outputs: [bigint, Hex][]) =>
  concat([encodePacked(['uint8', 'uint64'], [version, timestamp]), ...outputs.map(([id, r]) => encodePacked(['uint256', 'bytes32'], [id, r]))])

describe('decodeSuperRoot', () => {
  it('reads the timestamp and each chain output of a preimage that hashes to the root claim', () => {
    const extra = encode(1, 1_800_000_000n, [
      [10n, root('aa')],
      [8453n, root('bb')],
    ])
    expect(decodeSuperRoot(extra, keccak256(extra))).toEqual({
      timestamp: 1_800_000_000n,
      outputs: [
        { chainId: 10n, outputRoot: root('aa') },
        { chainId: 8453n, outputRoot: root('bb') },
      ],
    })
  })

  it('refuses a preimage of another claim, another version, a torn length or unsorted chains', () => {
    const good = encode(1, 5n, [[10n, root('aa')]])
    expect(decodeSuperRoot(good, root('00'))).toBeUndefined()
    const v2 = encode(2, 5n, [[10n, root('aa')]])
    expect(decodeSuperRoot(v2, keccak256(v2))).toBeUndefined()
    const torn = concat([good, '0x01'])
    expect(decodeSuperRoot(torn, keccak256(torn))).toBeUndefined()
    const empty = encodePacked(['uint8', 'uint64'], [1, 5n])
    expect(decodeSuperRoot(empty, keccak256(empty))).toBeUndefined()
    const unsorted = encode(1, 5n, [
      [8453n, root('bb')],
      [10n, root('aa')],
    ])
    expect(decodeSuperRoot(unsorted, keccak256(unsorted))).toBeUndefined()
  })
})
