import type { StatusChange } from '../types.js'

/** One alert for one channel, written to the store before any attempt to send it. */
export interface OutboxEntry {
  /** Deterministic (chain, check, state version): concurrent ticks computing the same alert write the same id. */
  readonly id: string
  readonly channel: string
  readonly chain: string
  readonly change: StatusChange
  /** Unix seconds; entries of one chain and channel are delivered in this order. */
  readonly createdAt: number
  /** Not before this time (group wait: other checks firing meanwhile join the message). */
  readonly notBefore: number
  /** Dropped (and logged) after this time if still undelivered. */
  readonly expiresAt: number
  readonly attempts: number
  readonly nextAttemptAt: number
  /** Set while a tick is sending it; another tick may take over after it passes. */
  readonly leaseUntil?: number
  readonly lastError?: string
}
