import type { LogCursor } from '../chains/LogCursor.js'
import type { CheckName, Status, Verdict } from '../types.js'

/** What the store remembers per chain×check. */
export interface CheckState {
  readonly chain: string
  readonly check: CheckName
  readonly status: Status
  /** Unix seconds since which `status` has held. */
  readonly since: number
  readonly value: number | null
  readonly unit: string
  readonly reason: string
  readonly threshold: { readonly warn: number; readonly crit: number }
  readonly previousStatus?: Status
  readonly previousSince?: number
  /** Status the channels were last told about. */
  readonly lastNotifiedStatus?: Status
  readonly updatedAt: number
  /** Optimistic-concurrency counter: a write succeeds only against the version it read. */
  readonly version: number
}

export interface Heartbeat {
  /** Unix seconds of the last completed tick. */
  readonly at: number
  readonly durationMs: number
  /** The latest verdict of every chain×check, so status views show fresh values without a write per check. */
  readonly results: readonly Verdict[]
}

export interface Store {
  getCheckStates(): Promise<Map<string, CheckState>>
  /** Conditional put: false when another tick wrote this chain×check since `expectedVersion` was read. */
  putCheckState(state: CheckState, expectedVersion: number | undefined): Promise<boolean>
  putHeartbeat(heartbeat: Heartbeat): Promise<void>
  getHeartbeat(): Promise<Heartbeat | undefined>
  /** Log-scan cursors, per chain and scan name. */
  getCursor(chain: string, name: string): Promise<LogCursor | undefined>
  putCursor(chain: string, name: string, cursor: LogCursor): Promise<void>
}

export const stateKey = (chain: string, check: string) => `${chain}#${check}`
