import type { PublicClient } from 'viem'
import type { CursorStore } from './LogCursor.js'
import type { SuperchainPeer } from './op-stack/createSuperchain.js'

/** What every stack adapter may be given besides its chain config. */
export interface AdapterContext {
  /** Log-scan cursors of this chain (persisted in the store). */
  readonly cursors?: CursorStore
  /** Clients to use instead of ones built from the config (tests, benchmarks). */
  readonly l1Client?: PublicClient
  readonly l2Client?: PublicClient
  /** The other configured OP Stack chains, on which a super-root game's outputs for them are checked. */
  readonly superchainPeers?: readonly SuperchainPeer[]
}
