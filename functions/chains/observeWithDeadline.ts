import type { ChainConfig } from '../config/schema.js'
import { defaultRpcTimeoutMs } from '../rpc/createRpcClient.js'
import { describeError } from '../rpc/describeError.js'
import type { Observation } from '../types.js'
import type { ChainAdapter, ObserveContext } from './ChainAdapter.js'

/** Time a chain's read gets beyond one request's timeout: its other reads, on a healthy RPC, take milliseconds. */
export const chainReadGraceMs = 2_000

/** How long one chain's whole read may take in a tick: its `rpcTimeoutMs` (one request) plus `chainReadGraceMs`. */
export function chainDeadlineMs(chain: Pick<ChainConfig, 'rpcTimeoutMs'>): number {
  return (chain.rpcTimeoutMs ?? defaultRpcTimeoutMs) + chainReadGraceMs
}

/**
 * One chain's observation, never later than its deadline and never a throw: a chain past its deadline (an
 * adapter making many slow requests, or stuck where no request timeout reaches) is observed as failed,
 * "timed out after N ms", so it is reported `unknown` while every other chain completes. Its reads go on in
 * the background until their own request timeouts end them; their result is dropped.
 */
export async function observeWithDeadline(
  adapter: ChainAdapter,
  now: number,
  deadlineMs = chainDeadlineMs(adapter.chain),
  context: ObserveContext = {},
): Promise<Observation> {
  const { name, stack } = adapter.chain
  const failedWith = (error: string): Observation => {
    const failed = { ok: false as const, error }
    return { chain: name, stack, l2: failed, ...(stack === 'evm' ? {} : { stateRoots: failed }) }
  }
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<Observation>((resolve) => {
    timer = setTimeout(() => resolve(failedWith(`timed out after ${deadlineMs} ms`)), deadlineMs)
    // A Lambda or `check --once` must not wait for the timer once every chain is done.
    timer.unref()
  })
  // Adapters never throw by contract; this keeps one buggy adapter from sinking the whole tick.
  const observed = adapter.observe(now, context).catch((error: unknown) => failedWith(`adapter failed: ${describeError(error)}`))
  try {
    return await Promise.race([observed, deadline])
  } finally {
    clearTimeout(timer)
  }
}
