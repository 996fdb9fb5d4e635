import type { SendOutcome } from './sendTransaction.js'
import type { RouteResult } from './types.js'

/** A route's record once sendWithReplacement has answered: its base record with what was sent and mined. */
export function toRouteResult(base: RouteResult, sent: SendOutcome): RouteResult {
  return {
    ...base,
    ...(sent.nonce >= 0 ? { nonce: sent.nonce, gas: sent.gas.toString() } : {}),
    transactions: sent.transactions,
    status: sent.status,
    ...(sent.receipt ? { minedHash: sent.receipt.transactionHash, blockNumber: sent.receipt.blockNumber.toString() } : {}),
    ...(sent.error ? { error: sent.error } : {}),
  }
}
