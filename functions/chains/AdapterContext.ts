import type { PublicClient } from 'viem'
import type { CursorStore } from './LogCursor.js'

/** What every stack adapter may be given besides its chain config. */
export interface AdapterContext {
  /** Log-scan cursors of this chain (persisted in the store). */
  readonly cursors?: CursorStore
  /** Clients to use instead of ones built from the config (tests, benchmarks). */
  readonly l1Client?: PublicClient
  readonly l2Client?: PublicClient
}
