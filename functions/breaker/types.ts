import type { Address, Hex } from 'viem'
import type { CheckName, Status } from '../types.js'
import type { Streaks } from './policy.js'

/**
 * Where an action stands:
 * - `idle`: nothing open; a confirmed risk opens an incident (claimed by one conditional write).
 * - `open`: an incident is open (pause sent, pending, failed, or announced as "would pause" in shadow mode).
 * - `resume-safe`: the risk has been over for the grace period and that was announced; waits for
 *   `watchtower breaker resume ACTION`. A new confirmed risk opens a new incident.
 * - `resuming`: the resume command holds the action while it sends the unpause.
 */
export type ActionPhase = 'idle' | 'open' | 'resume-safe' | 'resuming'

/**
 * - `claimed`: a tick claimed the incident and is deciding / sending (or died doing so; see claim lease).
 * - `would-pause`: shadow mode; nothing sent.
 * - `already-paused`: the target's paused view said true; nothing sent.
 * - `paused`: a pause transaction was mined on the target chain.
 * - `submitted`: the pause was mined into the L1 inbox/portal; the L2 executes it when it derives/sequences it.
 * - `pending`: sent, not mined within the bound; later ticks look for the receipt.
 * - `failed`: nothing landed (simulation revert, signer or RPC trouble); retried while the risk holds.
 */
export type IncidentOutcome = 'claimed' | 'would-pause' | 'already-paused' | 'paused' | 'submitted' | 'pending' | 'failed'

export interface TriggerEvidence {
  readonly check: CheckName
  readonly status: Status
  readonly value: number | null
  readonly reason: string
  /** Consecutive observations at or above the severity. */
  readonly count: number
  /** Unix seconds of the first of them. */
  readonly since: number
  /** RPC endpoints (redacted) that agreed, where the chain lists several. */
  readonly agreeing?: readonly string[]
}

export interface IncidentSummary {
  /** Per action: `000001`, `000002`, … */
  readonly id: string
  readonly openedAt: number
  readonly mode: 'shadow' | 'armed'
  readonly trigger: readonly TriggerEvidence[]
  readonly outcome: IncidentOutcome
  readonly attempts: number
  readonly claimedAt: number
  readonly lastAttemptAt?: number
  readonly lastError?: string
  /** Unix seconds since which every check has been below the severity (grace counts from here). */
  readonly resolvedAt?: number
  readonly resumeSafeAt?: number
  /** Same-nonce replacements sent by ticks after the attempt (a `pending` pause re-bumped), in total. */
  readonly laterReplacements?: number
  /** A pause asked for by people (chat ops): who requested and who approved. No checks triggered it. */
  readonly requestedBy?: readonly string[]
  /** An L1-route (`submitted`) pause seen executed on the target chain: the paused view true at this block. */
  readonly confirmedOnL2?: { readonly at: number; readonly blockNumber: string }
}

/** One item per action (`BREAKER#<action>` / `STATE`), written only by conditional puts on `version`. */
export interface ActionState {
  readonly action: string
  readonly version: number
  readonly phase: ActionPhase
  readonly streaks: Streaks
  readonly incidentSeq: number
  readonly incident?: IncidentSummary
  readonly lastObservedAt?: number
  readonly updatedAt: number
}

export interface SentTransaction {
  readonly hash: Hex
  /** Decimal strings (wei). */
  readonly maxFeePerGas: string
  readonly maxPriorityFeePerGas: string
  /** Unix seconds (wall clock). */
  readonly sentAt: number
}

export type RouteKind = 'call' | 'op-deposit' | 'arbitrum-inbox'

/** What one route did: its transaction(s) on one chain. */
export interface RouteResult {
  readonly route: 'direct' | 'l1-inbox'
  readonly kind: RouteKind
  /** Human label of the chain the transaction went to, e.g. `op-mainnet` or `op-mainnet L1`. */
  readonly chain: string
  readonly chainId?: number
  readonly from?: Address
  /** The contract called on that chain: the target, the OptimismPortal or the Inbox. */
  readonly to: Address
  readonly nonce?: number
  readonly gas?: string
  /** In order sent; a replacement has the same nonce and higher fees. */
  readonly transactions: readonly SentTransaction[]
  readonly status: 'mined' | 'reverted' | 'pending' | 'failed' | 'already-paused' | 'skipped'
  readonly minedHash?: Hex
  readonly blockNumber?: string
  readonly error?: string
  /** l1-inbox: the L2 transaction the deposit / signed message becomes. */
  readonly l2TransactionHash?: Hex
  /** Explorer base URL for links. */
  readonly explorer?: string
}

/** The full record of one incident (`BREAKER#<action>` / `INCIDENT#<id>`). */
export interface IncidentRecord extends IncidentSummary {
  readonly action: string
  readonly chain: string
  readonly target: { readonly chain: string; readonly address: Address; readonly function: string }
  readonly route: 'direct' | 'l1-inbox' | 'both'
  readonly routes: readonly RouteResult[]
  readonly resume?: {
    readonly at: number
    readonly outcome: 'unpaused' | 'not-paused' | 'would-unpause' | 'failed' | 'pending'
    readonly routes: readonly RouteResult[]
    readonly error?: string
  }
  readonly updatedAt: number
}

export type LogKind =
  | 'would-pause'
  | 'paused'
  | 'submitted'
  | 'already-paused'
  | 'pending'
  | 'replaced'
  | 'failed'
  | 'unconfirmed'
  | 'resolved'
  | 'relapsed'
  | 'resume-safe'
  | 'resumed'
  | 'resume-refused'
  | 'not-ready'
  | 'ready'
  | 'manual-refused'

/** One line of an action's history (`BREAKER#<action>` / `LOG#<at>#<n>`), for `breaker status`. */
export interface LogEntry {
  readonly action: string
  readonly at: number
  readonly kind: LogKind
  readonly text: string
  readonly incident?: string
  readonly hashes?: readonly Hex[]
}

export interface ReadinessProblem {
  /** Short label: `signer`, `kms`, `simulate direct`, `balance op-mainnet L1`, … */
  readonly what: string
  readonly message: string
}

export interface ReadinessReport {
  readonly action: string
  readonly checkedAt: number
  readonly ready: boolean
  readonly signer?: Address
  readonly problems: readonly ReadinessProblem[]
  /** Facts that are not failures: "target already paused", balances. */
  readonly notes: readonly string[]
}

/** What afterTick did for one action. */
export interface BreakerOutcome {
  readonly action: string
  readonly decision:
    | 'none'
    | 'building'
    | 'unconfirmed'
    | 'lost-race'
    | 'would-pause'
    | 'already-paused'
    | 'paused'
    | 'submitted'
    | 'pending'
    | 'failed'
    | 'resolved'
    | 'relapsed'
    | 'resume-safe'
    | 'resumed'
    | 'manual-refused'
    | 'error'
  readonly incident?: string
  readonly routes?: readonly RouteResult[]
  readonly message?: string
}
