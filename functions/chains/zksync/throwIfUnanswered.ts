import { BaseError, HttpRequestError, RpcRequestError, TimeoutError, WebSocketRequestError } from 'viem'
import { isRevert } from '../../rpc/isRevert.js'
import type { ContractReadResult } from '../../rpc/readContracts.js'

/** The transport-level error inside a failed read (carrying the endpoint), unless the contract answered with a revert. */
function transportFailure(error: Error): Error | undefined {
  if (!(error instanceof BaseError) || isRevert(error)) return undefined
  const found = error.walk(
    (e) => e instanceof HttpRequestError || e instanceof TimeoutError || e instanceof RpcRequestError || e instanceof WebSocketRequestError,
  )
  return found instanceof Error ? found : undefined
}

/**
 * Reads with allowFailure turn an RPC outage into per-call failures. Where a failed call means "this contract
 * has no such getter" (and that answer gets cached), an outage must throw instead of passing for one.
 */
export function throwIfUnanswered(results: readonly ContractReadResult[]): void {
  for (const result of results) {
    const failure = result.status === 'failure' ? transportFailure(result.error) : undefined
    if (failure) throw failure
  }
}
