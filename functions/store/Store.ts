import type { Mute } from '../alerts/Mute.js'
import type { OutboxEntry } from '../alerts/OutboxEntry.js'
import type { LogCursor } from '../chains/LogCursor.js'
import type { LivingMessage } from '../notify/LivingMessage.js'
import type { HeadMemory } from '../chains/rememberHead.js'
import type { ProofSystemMemory } from '../chains/rememberProofSystem.js'
import type { CheckName, Status, Verdict } from '../types.js'

/** An open incident of one chain×check. */
export interface Incident {
  readonly id: string
  /** Severity alerted (escalates in place). */
  readonly status: Exclude<Status, 'ok'>
  readonly openedAt: number
  /** Last time an alert (open, escalation, reminder) was queued for it. */
  readonly lastAlertAt: number
  /** Acknowledged at this severity: no reminders until it worsens or resolves. */
  readonly ackedStatus?: Exclude<Status, 'ok'>
  readonly ackedAt?: number
  /** Who acknowledged it: `@alice (slack U012…)`, `cli`. */
  readonly ackedBy?: string
}

/** What the store remembers per chain×check. */
export interface CheckState {
  readonly chain: string
  readonly check: CheckName
  /** Status observed on the last tick. */
  readonly status: Status
  /** Unix seconds since which the observed `status` has held. */
  readonly since: number
  /** Consecutive observations of `status`. */
  readonly streak: number
  /** The open incident, if any: what people have been told. */
  readonly incident?: Incident
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

/**
 * A summary of the last tick, one item whatever the number of chains (every verdict of 500 chains once pushed
 * it past DynamoDB's 400 KB and failed the tick): counts, plus the worst not-ok verdicts so status views show
 * them fresh. Each chain×check's own state (STATUS items) holds the rest.
 */
export interface Heartbeat {
  /** Unix seconds of the last completed tick. */
  readonly at: number
  readonly durationMs: number
  /** Chains the tick read. */
  readonly chains: number
  /** The tick's verdicts, counted by status. */
  readonly counts: Readonly<Record<Status, number>>
  /** The worst not-ok verdicts, worst first, at most `heartbeatVerdictLimit`, without details. */
  readonly notOk: readonly Verdict[]
  /** Not-ok verdicts beyond the limit, left out of `notOk`. */
  readonly omitted: number
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

  /** Queues an alert; false if an entry with this id and channel exists already (a concurrent tick queued it). */
  putOutboxEntry(entry: OutboxEntry): Promise<boolean>
  /** Undelivered entries of one channel, or of every channel (one read for a tick's whole delivery). */
  getOutbox(channel?: string): Promise<OutboxEntry[]>
  /** Takes an entry for sending until `leaseUntil`; false if another tick holds it or it changed. */
  claimOutboxEntry(entry: OutboxEntry, leaseUntil: number, now: number): Promise<boolean>
  /**
   * Delivered (or expired): leaves the queue but stays as a tombstone for a day, so a racing tick that computed
   * the same alert cannot queue it again after delivery.
   */
  closeOutboxEntry(entry: OutboxEntry, outcome: 'delivered' | 'expired', now: number): Promise<void>
  /** A failed send: back to the queue with backoff, lease released. */
  rescheduleOutboxEntry(entry: OutboxEntry, update: { attempts: number; nextAttemptAt: number; lastError: string }): Promise<void>

  /** Each chain's settlement rules as last seen, by chain name. */
  getProofSystemMemories(): Promise<Map<string, ProofSystemMemory>>
  putProofSystemMemory(memory: ProofSystemMemory): Promise<void>

  /** Each chain's head memory (wall-clock liveness), by chain name: one Query for all chains. */
  getHeadMemories(): Promise<Map<string, HeadMemory>>
  /**
   * Conditional put: succeeds when the stored memory is still `expectedVersion` (undefined: none yet) or holds a
   * lower head number (a higher head always wins a race). False when another tick got there first.
   */
  putHeadMemory(memory: HeadMemory, expectedVersion: number | undefined): Promise<boolean>

  /** The chain's living incident message on a channel (its reference and what it shows), if one is open. */
  getLivingMessage(channel: string, chain: string): Promise<LivingMessage | undefined>
  /** Written after each send that leaves the message open (one sender per chain and channel: the outbox claim). */
  putLivingMessage(message: LivingMessage): Promise<void>
  /** Every incident it shows resolved: the next incident of the chain gets a new message. */
  deleteLivingMessage(channel: string, chain: string): Promise<void>

  getMutes(): Promise<Mute[]>
  putMute(mute: Mute): Promise<void>
  deleteMute(chain: string, check: string): Promise<boolean>
}

export const stateKey = (chain: string, check: string) => `${chain}#${check}`
