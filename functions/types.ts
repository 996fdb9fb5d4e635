import type { StackName } from './config/schema.js'

/** Result of one chain read: a value, or why it could not be had (RPC URLs already redacted). */
export type Reading<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string }

export interface BlockRef {
  readonly number: bigint
  /** Unix seconds. */
  readonly timestamp: number
  readonly hash: `0x${string}`
  /** The parent's hash (reorg depth: a replaced block whose parent is the one seen before is a 1-block reorg). */
  readonly parentHash?: `0x${string}`
  /** Transactions in the block and gas used (throughput); absent where the read did not carry them. */
  readonly transactions?: number
  readonly gasUsed?: bigint
  /** Arbitrum: the L1 block number the sequencer stamped on this L2 block (Nitro's `l1BlockNumber` field). */
  readonly l1BlockNumber?: bigint
}

/** The L1 block an OP Stack L2 head builds on, as the L1Block predeploy (0x4200…0015) records it. */
export interface L1OriginRef {
  readonly number: bigint
  /** L1 unix seconds. */
  readonly timestamp: number
}

/** A block re-read by number in the head batch (reorg): the block the chain has there now. */
export interface RecheckedBlock {
  readonly number: bigint
  /** null: the RPC has no block at this height (its head is below it). */
  readonly hash: `0x${string}` | null
  readonly parentHash?: `0x${string}`
  /** The re-read failed for another reason (the comparison is then unknown). */
  readonly error?: string
}

export interface L2Heads {
  readonly latest: BlockRef
  /** Newest block whose data is on L1 (`safe` tag); undefined where the chain does not serve the tag. */
  readonly safe?: BlockRef
  readonly finalized?: BlockRef
  /** Why `safe` could not be read, when it could not (unsupported tag or a failed request). */
  readonly safeError?: string
  /**
   * Filled in by the tick from the store's head memory (rememberHead): wall-clock unix seconds at which the
   * highest head number seen so far was first seen. Liveness counts from it too, so a frozen head cannot look fresh.
   */
  readonly headFirstSeenAt?: number
  /** Set by the tick when `latest` is below the highest head number seen before (the head went backwards). */
  readonly headWentBackFrom?: bigint
  /** Blocks at the heights the tick asked to re-read (the last seen latest/safe/finalized), from the same batch. */
  readonly rechecked?: readonly RecheckedBlock[]
  /** OP Stack: L1Block.number()/timestamp() at `latest`, read in the same batch as the head (why not, when not). */
  readonly l1Origin?: Reading<L1OriginRef>
  /** Linea: L2MessageService.lastAnchoredL1MessageNumber() at `latest`, from the same batch (see readL2Heads). */
  readonly l1MessagesAnchored?: Reading<bigint>
}

/** A stack-specific condition that raises a check's status on its own (pre-BoLD rollup, enforced mode, …). */
export interface Alarm {
  readonly severity: 'warn' | 'crit'
  readonly message: string
}

/** Data (batches) the sequencer posts to L1. */
export interface BatchObservation {
  /** What a batch is on this stack. */
  readonly source: 'sequencer-inbox' | 'zksync-commits' | 'scroll-commits' | 'linea-submissions'
  /** L1 unix seconds at which the newest batch landed; undefined if none was found. */
  readonly lastBatchAt?: number
  readonly lastBatchNumber?: bigint
  /**
   * Seconds without a batch after which users can force-include transactions or anyone may post batches
   * (Arbitrum delay, OP sequencing window, Scroll enforced-mode delay); the countdown starts at lastBatchAt.
   */
  readonly forceInclusionWindowSeconds?: number
  /**
   * Where force inclusion counts L1 blocks (Arbitrum since BoLD): the L1 block after which it is possible, read
   * with the L1 head; the countdown is (l1Block − l1Head) × l1BlockSeconds instead of lastBatchAt + window.
   */
  readonly forceInclusionDeadline?: { readonly l1Block: number; readonly l1Head: number; readonly l1BlockSeconds: number }
  readonly alarms?: readonly Alarm[]
}

/** Chain parameters read back from the chain itself; default thresholds are derived from them. */
export interface ChainParameters {
  /** Median seconds between recent L2 blocks. */
  readonly blockTimeSeconds?: number
  /** See BatchObservation.forceInclusionWindowSeconds. */
  readonly forceInclusionWindowSeconds?: number
  /** Normal time from a root being posted to it being final (confirm period, game clock + delay, execution delay). */
  readonly finalityPeriodSeconds?: number
  /** OP Stack max sequencer drift (seconds); l1-origin thresholds are 50 % / 80 % of it. */
  readonly maxSequencerDriftSeconds?: number
}

export interface StateRootObservation {
  /** Where the roots come from. */
  readonly source:
    | 'dispute-games'
    | 'l2-output-oracle'
    | 'arbitrum-assertions'
    | 'zksync-batches'
    | 'scroll-batches'
    | 'linea-finalization'
  /** L1 unix seconds at which the newest (respected) root was posted; undefined if none ever was. */
  readonly lastPostedAt?: number
  readonly lastPostedL2Block?: bigint
  /** Newest L2 block whose root is final on L1 (anchor state / oldest unchallengeable output). */
  readonly finalizedL2Block?: bigint
  /** L2 timestamp of that block (unix seconds). */
  readonly finalizedL2Timestamp?: number
  /** Games still IN_PROGRESS past their end (clock or expectedResolution(), per proof-system family) + grace. */
  readonly overdueGames?: number
  /** Respected games among the recent ones that resolved CHALLENGER_WINS (an invalid root was proposed). */
  readonly challengerWins?: number
  /** Whether the registry (AnchorStateRegistry) reports paused. */
  readonly paused?: boolean
  readonly respectedGameType?: number
  /** L2 timestamp of the newest posted root, where the root names a time rather than a block (super roots). */
  readonly lastPostedL2Timestamp?: number
  readonly alarms?: readonly Alarm[]
}

/** How a chain's several L2 RPCs agreed this tick (only where two or more are configured). */
export interface RpcAgreement {
  readonly rpcs: number
  readonly answered: number
  /** One line per disagreement: a stuck endpoint, different blocks at one height. */
  readonly divergent: readonly string[]
  /** Endpoints that did not answer (the reading fell back to the others). */
  readonly failed: readonly string[]
}

/**
 * Which settlement rules a chain runs under now (respected game type, rollup kind, settlement layer). The
 * `proof-system` check warns for a day after any of `facts` changes, and on the adapter's alarms.
 */
export interface ProofSystemObservation {
  /** Family name from the stack's proof-system registry (e.g. 'aggregate-verifier', 'arbitrum-bold'). */
  readonly family: string
  /** One human line: "respected game type 621 (Base AggregateVerifier)". */
  readonly description: string
  /** What identifies the rules, by readable name; a change of any value is the signal ('respected game type': '621 (…)'). */
  readonly facts: Readonly<Record<string, string>>
  /** What a change of a fact means for users, by fact name ("withdrawals proven against older games must be re-proven"). */
  readonly consequences?: Readonly<Record<string, string>>
  /** L1 block the facts were read at, when known (named in change warnings). */
  readonly l1Block?: number
  readonly alarms?: readonly Alarm[]
  /** Extra values for the verdict's details (forceInclusionIn, settlementLayer, …). */
  readonly details?: Readonly<Record<string, number | string | boolean | null>>
  /** Filled in by the tick from what the store remembers: facts that changed within the warning period. */
  readonly changes?: readonly ProofSystemChange[]
}

export interface ProofSystemChange {
  readonly fact: string
  readonly from: string
  readonly to: string
  /** Unix seconds the change was first seen. */
  readonly at: number
  readonly l1Block?: number
}

/** Whether the newest root L1 is asked to settle is what the L2 computed (one root, verified when it lands). */
export interface StateRootValidityObservation {
  /** What was checked, e.g. "game 0x1234…abcd" or "assertion 0x…". */
  readonly subject: string
  readonly l2Block?: bigint
  readonly claimed: `0x${string}`
  /** The value recomputed from the L2 (the first endpoint's where several answered alike). */
  readonly computed?: `0x${string}`
  /**
   * match / mismatch: every asking endpoint agreed on `computed`; disagree: the endpoints computed different
   * values (no crit on one endpoint's word); unverifiable: the L2 cannot serve the state (reason in `detail`).
   */
  readonly outcome: 'match' | 'mismatch' | 'disagree' | 'unverifiable'
  readonly detail?: string
}

/** A withdrawal proven on L1 (OptimismPortal WithdrawalProven) and what the L2's message passer says of it. */
export interface ProvenWithdrawal {
  readonly withdrawalHash: `0x${string}`
  readonly l1Block: bigint
  readonly l1Tx: `0x${string}`
  /** Unix seconds it was first judged (forgeries are held for a while from then). */
  readonly seenAt: number
}

/** Proven withdrawals since the last tick, checked against L2ToL1MessagePasser.sentMessages on every L2 endpoint. */
export interface WithdrawalValidityObservation {
  /** Proven on L1, never sent on L2 by every endpoint's word: held for a while so the crit does not vanish. */
  readonly forged: readonly ProvenWithdrawal[]
  /** The L2 endpoints disagree whether it was sent (no crit on one endpoint's word). */
  readonly disputed: readonly ProvenWithdrawal[]
  /** Found but not yet judged: the L2 read failed, retried next tick. */
  readonly pending: number
  /** Withdrawals judged sent on L2 this tick. */
  readonly verified: number
  /** L1 block the portal's events are scanned to, and blocks left to catch up on. */
  readonly scannedTo: bigint
  readonly behind: bigint
  /** This tick's scan failed (held forgeries are still reported). */
  readonly scanError?: string
}

/** History rewritten: what the re-read blocks say against the hashes remembered (filled in by the tick). */
export interface ReorgObservation {
  /** Heights compared this tick (0 on the first look at a chain). */
  readonly compared: number
  /** The newest finding, held for a while after it was seen (reorgHoldSeconds). */
  readonly finding?: ReorgFinding
  /** A re-read failed: the comparison is unknown this tick. */
  readonly error?: string
}

export interface ReorgFinding {
  /**
   * unsafe: a block above the safe head seen was replaced; safe / finalized: a block at or below the safe /
   * finalized head seen was replaced; stale-backend: the head went back but the chain seen is intact; shorter-chain:
   * the head went back and the block seen at the old height is gone (a reorg to a shorter chain or a stale backend).
   */
  readonly kind: 'unsafe' | 'safe' | 'finalized' | 'stale-backend' | 'shorter-chain'
  /** Blocks replaced (at least this many; exact when `exact`), or blocks the head went back by. */
  readonly depth: number
  readonly exact: boolean
  /** The height whose block changed (or the height the head went back from). */
  readonly height: number
  /** Unix seconds it was first seen. */
  readonly at: number
  /** One line: what changed, with hashes. */
  readonly detail: string
}

/** How far the L2's view of L1 trails the L1 head (`l1-origin`). */
export interface L1OriginObservation {
  /** OP Stack: the L1Block predeploy (drift halt at maxSequencerDriftSeconds); Arbitrum: the head block's l1BlockNumber. */
  readonly source: 'l1-block-predeploy' | 'arbitrum-l1-block-number'
  /** The L1 block the L2 head builds on. */
  readonly l1Block: bigint
  /** Its L1 timestamp, where the L2 records it (OP Stack). */
  readonly l1Timestamp?: number
  /** The L1 head, from the tick's L1 request. */
  readonly l1Head: { readonly number: bigint; readonly timestamp?: number }
  /** OP Stack: the sequencer halts once its L1 origin is this much older than its blocks (1800 s since Fjord). */
  readonly maxSequencerDriftSeconds?: number
  /** Seconds per L1 block, to turn a block lag into time (Arbitrum). */
  readonly l1BlockSeconds?: number
}

/** User transactions per block lately against their rolling baseline (throughput; filled in by the tick). */
export interface ThroughputObservation {
  /** The newest block sampled, its transactions no user sent excluded (systemTransactionsPerBlock), its gas. */
  readonly block: number
  readonly userTransactions: number
  readonly gasUsed?: number
  /** Time-weighted averages of user transactions per block: 6 h (baseline) and 10 min (recent). */
  readonly baseline: number
  readonly recent: number
  /** Seconds the baseline has been measured. */
  readonly baselineAge: number
}

export type OperatorRole = 'batcher' | 'proposer' | 'validator'

export interface BalanceSample {
  /** Unix seconds. */
  readonly at: number
  readonly wei: bigint
}

/** An L1 wallet that keeps the chain settled (posts batches, proposes roots, validates) and its balance. */
export interface OperatorWallet {
  readonly role: OperatorRole
  readonly address: `0x${string}`
  /** Where the address came from: 'SystemConfig.batcherHash', 'proposer()', 'creator of game 0x…', 'config'. */
  readonly source: string
  /** Undefined when this wallet's read failed (`error`). */
  readonly balanceWei?: bigint
  readonly error?: string
  /** Filled in by the tick from the store (rememberBalances): samples since the last top-up, oldest first. */
  readonly history?: readonly BalanceSample[]
}

export interface OperatorBalanceObservation {
  readonly wallets: readonly OperatorWallet[]
}

/** One L1→L2 message sent on L1 and not yet on L2. */
export interface PendingMessage {
  /** How to find it: "deposit in L1 tx 0x…", "delayed message #12", "queue index 5", "priority tx #7". */
  readonly id: string
  readonly l1Block?: bigint
  /** L1 unix seconds it was sent. */
  readonly sentAt: number
}

/** The oldest L1→L2 message not yet on L2 (`deposits`): what users need to top up or exit in an outage. */
export interface DepositsObservation {
  readonly source: 'optimism-portal' | 'arbitrum-delayed-inbox' | 'scroll-message-queue' | 'zksync-priority-queue' | 'linea-message-service'
  /** Messages waiting (at least 1 when `oldest` is set). */
  readonly pending: number
  readonly oldest?: PendingMessage
  /**
   * How the oldest gets in without the sequencer: 'sequencing-window' (OP: derivation includes it once the window
   * closes), 'force-inclusion' (Arbitrum: anyone may force-include it), 'enforced-mode' (Scroll: anyone may commit
   * and finalize), 'none' (Linea), 'unknown' (ZKsync: no enforced inclusion we can count down to).
   */
  readonly forcedInclusion: 'sequencing-window' | 'force-inclusion' | 'enforced-mode' | 'none' | 'unknown'
  /** Seconds from now until that becomes possible for the oldest (negative once it is). */
  readonly forcedInclusionIn?: number
  /** The same in L1 blocks, where the rule counts blocks (OP window, Arbitrum deadline), with the block itself. */
  readonly forcedInclusionInBlocks?: number
  readonly forcedInclusionBlock?: bigint
  /** L1 blocks the message scan still has to cover (OP): an empty list is not yet believed while behind. */
  readonly behind?: bigint
  /** What the L2 has reached, for the reason: "the L2's L1 origin (#123)", "the sequencer has read 40". */
  readonly progress?: string
}

/** Everything an adapter learnt about one chain in one tick. Checks read only this. */
export interface Observation {
  readonly chain: string
  readonly stack: StackName
  readonly l2: Reading<L2Heads>
  /** Undefined where the stack has no L1 settlement to read (plain EVM). */
  readonly stateRoots?: Reading<StateRootObservation>
  /** Batches posted to L1; undefined where the stack's adapter does not read them. */
  readonly batches?: Reading<BatchObservation>
  /** Agreement among several L2 RPCs; undefined with a single RPC. */
  readonly l2Agreement?: RpcAgreement
  /** Parameters read from the chain (cached by the adapter); derived default thresholds come from them. */
  readonly parameters?: ChainParameters
  /** The chain's settlement rules; undefined where the stack has none to read (plain EVM, Scroll, Linea). */
  readonly proofSystem?: Reading<ProofSystemObservation>
  /** The newest root's verification against the L2; undefined where the stack or chain cannot verify (check absent). */
  readonly stateRootValidity?: Reading<StateRootValidityObservation>
  /** Proven withdrawals checked against the L2 (OP Stack with fault proofs); undefined elsewhere (check absent). */
  readonly withdrawalValidity?: Reading<WithdrawalValidityObservation>
  /** Filled in by the tick from the head memory (compareHistory); undefined when the L2 heads were not read. */
  readonly reorg?: Reading<ReorgObservation>
  /** The L2's L1 origin against the L1 head (OP Stack, Arbitrum); undefined elsewhere (check absent). */
  readonly l1Origin?: Reading<L1OriginObservation>
  /** L1 balances of the operator wallets (discovered or configured); undefined where none is known (check absent). */
  readonly operatorBalances?: Reading<OperatorBalanceObservation>
  /** Filled in by the tick from the head memory (rememberThroughput); undefined when the block carried no transaction list. */
  readonly throughput?: Reading<ThroughputObservation>
  /** The oldest L1→L2 message not yet on L2; undefined where the adapter reads none (check absent). */
  readonly deposits?: Reading<DepositsObservation>
}
export const checkNames = ['liveness', 'sequencer-lag', 'state-root-finality', 'rpc-unavailable', 'rpc-divergence', 'proof-system', 'state-root-validity', 'withdrawal-validity', 'reorg', 'l1-origin', 'operator-balance', 'throughput', 'deposits'] as const
export type CheckName = (typeof checkNames)[number]

export type Status = 'ok' | 'warn' | 'crit' | 'unknown'

export interface Verdict {
  readonly chain: string
  readonly check: CheckName
  readonly status: Status
  /** The measured value in `unit`; null when it could not be measured. */
  readonly value: number | null
  /** Seconds, except where a check counts blocks (reorg depth) or a share (throughput, % of its baseline). */
  readonly unit: 's' | 'blocks' | '%'
  /** One human line. */
  readonly reason: string
  readonly threshold: { readonly warn: number; readonly crit: number }
  /** Secondary measurements (blocks behind, finalized age, …) for messages and the store. */
  readonly details?: Readonly<Record<string, number | string | boolean | null>>
}

/** Severity order for "worst status": crit outranks unknown, unknown outranks warn (Nagios exit codes). */
export const statusRank: Record<Status, number> = { ok: 0, warn: 1, unknown: 2, crit: 3 }
export const statusExitCode: Record<Status, number> = { ok: 0, warn: 1, crit: 2, unknown: 3 }

export function worstStatus(statuses: Iterable<Status>): Status {
  let worst: Status = 'ok'
  for (const status of statuses) if (statusRank[status] > statusRank[worst]) worst = status
  return worst
}

/** What an alert message says about an incident: its lifecycle steps, and what people did to it (`ack`, `mute`). */
export type AlertKind = 'open' | 'escalate' | 'remind' | 'resolve' | 'ack' | 'mute'

/** A status change worth telling people about. */
export interface StatusChange {
  /** Incident lifecycle step; absent means a plain status change. */
  readonly kind?: AlertKind
  /** Link to the chain's block explorer (L2 head), when configured. */
  readonly link?: string
  readonly verdict: Verdict
  readonly previous: Status
  /** Unix seconds since which the chain×check has been in `verdict.status`. */
  readonly since: number
  /** Unix seconds the previous status had held since (for "resolved after …"). */
  readonly previousSince?: number
  /** The incident's id (`<chain>#<check>#<openedAt>`): PagerDuty's dedup_key, the webhook's `incident`. */
  readonly incident?: string
  /** Who acknowledged or muted it (`ack`, `mute`). */
  readonly by?: string
  /** Unix seconds a mute lasts until (`mute`). */
  readonly until?: number
}
