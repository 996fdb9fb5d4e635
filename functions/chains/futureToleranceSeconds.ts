/**
 * A block stamped this far ahead of our clock is not clock skew but a wrong node clock or a lying RPC: liveness
 * reports it and rpc-divergence ranks such an endpoint last. Sequencers stamp blocks at most a block time ahead.
 */
export const futureToleranceSeconds = 30
