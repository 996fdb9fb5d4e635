import { type AbiFunction, type Hex, encodeFunctionData, parseAbiItem } from 'viem'
import { WatchtowerError } from '../errors/WatchtowerError.js'

type Argument = string | number | boolean

/** The ABI item of `pause()`, `setPaused(bool)`, … as configured. */
export function functionAbi(signature: string, stateMutability: 'nonpayable' | 'view' = 'nonpayable'): AbiFunction {
  const source = `function ${signature}${stateMutability === 'view' ? ' view returns (bool)' : ''}`
  let item: unknown
  try {
    item = parseAbiItem(source)
  } catch (error) {
    throw new WatchtowerError(`cannot parse function signature "${signature}"`, { cause: error })
  }
  return item as AbiFunction
}

/** Calldata for `signature` with config arguments (numbers for uint/int become bigints). */
export function encodeCall(signature: string, args: readonly Argument[] = []): Hex {
  const abi = functionAbi(signature)
  if (abi.inputs.length !== args.length)
    throw new WatchtowerError(`${signature} takes ${abi.inputs.length} argument(s), ${args.length} configured`)
  const values = abi.inputs.map((input, index) => {
    const value = args[index]!
    if (/^u?int\d*$/.test(input.type)) return BigInt(value as string | number)
    if (input.type === 'bool') return value === true || value === 'true'
    return value
  })
  return encodeFunctionData({ abi: [abi], functionName: abi.name, args: values })
}
