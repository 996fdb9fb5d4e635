import { BaseError, ContractFunctionRevertedError, RawContractError } from 'viem'

/** True when the contract answered with a revert, as opposed to the RPC failing to answer at all. */
export function isRevert(error: unknown): boolean {
  if (!(error instanceof BaseError)) return false
  return Boolean(error.walk((e) => e instanceof ContractFunctionRevertedError || e instanceof RawContractError))
}
