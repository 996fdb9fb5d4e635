import type { KMSClient } from '@aws-sdk/client-kms'
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { Address } from 'viem'
import type { ChainAdapter } from '../chains/ChainAdapter.js'
import type { BreakerMode } from '../config/breakerSchema.js'
import type { ChainConfig } from '../config/schema.js'
import { afterTick, type AfterTickInput } from './afterTick.js'
import { assessReadiness } from './assessReadiness.js'
import type { BreakerHostConfig, BreakerOutbox } from './BreakerContext.js'
import { createBreakerContext } from './createBreakerContext.js'
import { readStatus, type BreakerStatus } from './readStatus.js'
import { recordReadiness } from './recordReadiness.js'
import { resumeAction, type ResumeOutcome } from './resumeAction.js'
import type { SendClock } from './sendTransaction.js'
import type { BreakerOutcome, ReadinessReport } from './types.js'

export type { AfterTickInput } from './afterTick.js'
export type { BreakerHostConfig, BreakerOutbox } from './BreakerContext.js'
export type { ActionStatus, BreakerStatus } from './readStatus.js'
export type { ResumeOutcome } from './resumeAction.js'

export interface CreateBreakerParameters {
  readonly config: BreakerHostConfig
  /** The watchtower's single table; the breaker keeps its own `BREAKER#…` partitions in it. */
  readonly tableName: string
  readonly dynamo: DynamoDBDocumentClient
  /** Where the signer's key (privateKeyEnv) is read. Default process.env. */
  readonly env?: Record<string, string | undefined>
  /** Unix seconds; for commands (resume, status, test). Ticks pass their own `now`. */
  readonly clock?: () => number
  /**
   * Where announcements go: queued in the outbox (kind `breaker`, deterministic ids), delivered by whoever runs
   * the breaker (the tick right after it, a command before it exits) with the outbox's retries. None: log only.
   */
  readonly outbox?: BreakerOutbox
  /** Console line writer for announcements (default console.log); false for none. */
  readonly log?: ((line: string) => void) | false
  /** KMS client for signer.kms (default: one built from the key ARN's region). */
  readonly kmsClient?: KMSClient
  /**
   * Wall time of sending (default the real clock): the send times recorded (`sentAt`), the waits between receipt
   * polls and a pending pause's age against those send times. Tests pass a virtual one, so no step races real time.
   */
  readonly sendClock?: SendClock
  /** Receipt polling interval (default 1000 ms). */
  readonly pollIntervalMs?: number
  /** Adapter factory for the per-RPC confirmation (default createAdapter). */
  readonly createAdapter?: (chain: ChainConfig) => ChainAdapter
}

export interface Breaker {
  readonly mode: BreakerMode
  /** Called by the tick after alerts are stored and delivered. Never throws: failures are outcomes. */
  afterTick(tick: AfterTickInput): Promise<BreakerOutcome[]>
  /** Readiness now, for one action or every action; `record` stores it and announces a change (as ticks do). */
  checkReadiness(actionName?: string, options?: { record?: boolean }): Promise<ReadinessReport[]>
  /** `watchtower breaker resume ACTION`: the unpause, only after the grace period was announced as over. */
  resume(actionName: string): Promise<ResumeOutcome>
  status(options?: { logLimit?: number }): Promise<BreakerStatus>
  /** The signer's address (KMS: one GetPublicKey); undefined without a signer. */
  signerAddress(): Promise<Address | undefined>
}

/**
 * The circuit breaker: after each tick it moves every action's small state machine (stored in DynamoDB, every
 * step a conditional write), and fires a pause exactly once per incident when the risk is confirmed. The
 * decisions are pure (decideAction); the steps that run them take one shared context (BreakerContext).
 */
export function createBreaker(parameters: CreateBreakerParameters): Breaker {
  const ctx = createBreakerContext(parameters)
  const { actions } = ctx
  return {
    mode: ctx.mode,
    afterTick: (tick) => afterTick(ctx, tick),
    async checkReadiness(actionName, options = {}) {
      const now = ctx.clock()
      const selected = actionName ? actions.filter((a) => a.name === actionName) : actions
      if (actionName && selected.length === 0) throw new Error(`no breaker action is named "${actionName}"`)
      const reports: ReadinessReport[] = []
      for (const action of selected) {
        const report = await assessReadiness(ctx, action, now)
        if (options.record) await recordReadiness(ctx, action, report)
        reports.push(report)
      }
      return reports
    },
    async resume(actionName) {
      const action = actions.find((a) => a.name === actionName)
      if (!action) return { ok: false, refused: `no breaker action is named "${actionName}"` }
      return resumeAction(ctx, action)
    },
    status: (options) => readStatus(ctx, options),
    async signerAddress() {
      return ctx.signer ? (await ctx.signer.account()).address : undefined
    },
  }
}
