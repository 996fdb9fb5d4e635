import {
  BaseError,
  ContractFunctionRevertedError,
  type Hex,
  RawContractError,
  decodeErrorResult,
  keccak256,
  parseAbi,
  toHex,
} from 'viem'
import { describeError } from '../rpc/describeError.js'

/**
 * Custom errors a pause call commonly reverts with (OpenZeppelin 5 AccessControl, Ownable and Pausable, plus the
 * portal/inbox errors on the L1 path), so a readiness report can say `AccessControlUnauthorizedAccount(signer,
 * PAUSER_ROLE)` instead of a selector.
 */
export const knownErrorsAbi = parseAbi([
  'error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)',
  'error AccessControlBadConfirmation()',
  'error OwnableUnauthorizedAccount(address account)',
  'error OwnableInvalidOwner(address owner)',
  'error EnforcedPause()',
  'error ExpectedPause()',
  'error Unauthorized()',
  'error NotOwner()',
  'error Paused()',
  'error NotPaused()',
  // OptimismPortal 5.x and ResourceMetering, as today's portal reverts (before: SmallGasLimit, LargeCalldata).
  'error OptimismPortal_GasLimitTooLow()',
  'error OptimismPortal_CalldataTooLarge()',
  'error OptimismPortal_GasEstimation()',
  'error OptimismPortal_CallPaused()',
  'error OptimismPortal_BadTarget()',
  'error OptimismPortal_NoReentrancy()',
  'error OutOfGas()',
  'error SmallGasLimit()',
  'error LargeCalldata()',
  'error GasEstimation()',
  'error NotOrigin()',
  'error NotAllowedOrigin(address origin)',
  'error DataTooLarge(uint256 dataLength, uint256 maxDataLength)',
  'error L1Forked()',
  'error OutOfResources()',
])

/** Role names whose hashes we can name back (keccak256 of the name; DEFAULT_ADMIN_ROLE is zero). */
const roleNames = [
  'PAUSER_ROLE',
  'UNPAUSER_ROLE',
  'PAUSE_ROLE',
  'GUARDIAN_ROLE',
  'EMERGENCY_ROLE',
  'EMERGENCY_ADMIN_ROLE',
  'EMERGENCY_PAUSER_ROLE',
  'SENTINEL_ROLE',
  'OPERATOR_ROLE',
  'ADMIN_ROLE',
  'MANAGER_ROLE',
  'RISK_ADMIN_ROLE',
]
const roleByHash = new Map<string, string>([
  [`0x${'00'.repeat(32)}`, 'DEFAULT_ADMIN_ROLE'],
  ...roleNames.map((name) => [keccak256(toHex(name)), name] as [string, string]),
])

/** `PAUSER_ROLE` for its hash, else the hash itself. */
export function nameRole(role: Hex): string {
  return roleByHash.get(role.toLowerCase()) ?? role
}

/** The revert data inside a viem error, if the node returned any. */
export function revertData(error: unknown): Hex | undefined {
  if (!(error instanceof BaseError)) return undefined
  const raw = error.walk((e) => e instanceof RawContractError) as RawContractError | null
  const data = raw?.data
  if (typeof data === 'string' && data.startsWith('0x')) return data as Hex
  if (data && typeof data === 'object' && 'data' in data && typeof data.data === 'string') return data.data as Hex
  // Some nodes answer eth_estimateGas reverts with { code: 3, data } in the RPC error.
  const rpc = error.walk((e) => typeof (e as { data?: unknown }).data === 'string') as { data?: string } | null
  return typeof rpc?.data === 'string' && rpc.data.startsWith('0x') ? (rpc.data as Hex) : undefined
}

/** True when the node answered with a revert (as opposed to failing to answer). */
export function isRevertError(error: unknown): boolean {
  if (!(error instanceof BaseError)) return false
  if (error.walk((e) => e instanceof ContractFunctionRevertedError || e instanceof RawContractError)) return true
  if (revertData(error) !== undefined) return true
  return /execution reverted|revert/i.test(error.shortMessage) || /execution reverted/i.test(error.details ?? '')
}

/** One readable line for a revert: `AccessControlUnauthorizedAccount(0xabc…, PAUSER_ROLE)`, `Error("…")`. */
export function describeRevert(error: unknown): string {
  const data = revertData(error)
  if (data && data.length >= 10) {
    try {
      const decoded = decodeErrorResult({ abi: knownErrorsAbi, data })
      const args = (decoded.args ?? []).map((arg) =>
        typeof arg === 'string' && /^0x[0-9a-f]{64}$/i.test(arg) ? nameRole(arg as Hex) : String(arg),
      )
      if ((decoded.errorName as string) === 'Error') return `Error("${args[0] ?? ''}")`
      return `${decoded.errorName}(${args.join(', ')})`
    } catch {
      return `custom error ${data.slice(0, 10)} (not a known error; data ${data.length > 74 ? `${data.slice(0, 74)}…` : data})`
    }
  }
  if (error instanceof BaseError) {
    const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError) as ContractFunctionRevertedError | null
    if (reverted?.reason) return `Error("${reverted.reason}")`
    if (reverted?.data?.errorName) return `${reverted.data.errorName}(${(reverted.data.args ?? []).map(String).join(', ')})`
  }
  return describeError(error)
}
