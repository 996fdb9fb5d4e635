import type { KMSClient } from '@aws-sdk/client-kms'
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { type Address, parseGwei } from 'viem'
import type { ChainAdapter } from '../chains/ChainAdapter.js'
import type { BreakerActionConfig, BreakerConfig, BreakerMode } from '../config/breakerSchema.js'
import type { ChainConfig, WatchtowerConfig } from '../config/schema.js'
import { describeError } from '../rpc/describeError.js'
import type { Observation, Verdict } from '../types.js'
import type { Announcement, BreakerAnnouncement, BreakerEvent } from '../alerts/OutboxEntry.js'
import { formatConsoleAnnouncement } from '../notify/formatAnnouncement.js'
import { type BreakerStore, createBreakerStore } from './breakerStore.js'
import { checkReadiness } from './checkReadiness.js'
import { RiskConfirmer } from './confirmRisk.js'
import { type Decision, decideAction, type Probe } from './decideAction.js'
import { EndpointClients, l1Endpoint, targetEndpoint } from './endpoints.js'
import { type CallPlan, executeCall, type ExecuteResult, readPaused } from './executeCall.js'
import { encodeCall } from './functionCall.js'
import { type ManualRequest, resumeRefusal } from './manualRequest.js'
import {
  alreadyPausedMessage,
  failedMessage,
  pauseConfirmedMessage,
  pausedMessage,
  readinessMessage,
  replacedMessage,
  resumedMessage,
  wouldPauseMessage,
} from './messages.js'
import { heldChecks, replacementDue, resolveRoute, type Streaks } from './policy.js'
import { findReceipt, replaceTransaction, type SendSettings } from './sendTransaction.js'
import { type BreakerSigner, createSigner } from './signer.js'
import type {
  ActionState,
  BreakerOutcome,
  IncidentOutcome,
  IncidentRecord,
  IncidentSummary,
  LogEntry,
  LogKind,
  ReadinessReport,
  RouteResult,
  TriggerEvidence,
} from './types.js'

/** The parts of the watchtower config the breaker reads (structural, so it works with or without `breaker` typed in). */
export interface BreakerHostConfig {
  readonly chains: readonly ChainConfig[]
  readonly notify?: WatchtowerConfig['notify']
  readonly breaker?: BreakerConfig | undefined
}

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
  /** Wall clock in milliseconds (default Date.now): a pending pause's age, against the send times it recorded. */
  readonly wallClock?: () => number
  /** Receipt polling interval (default 1000 ms). */
  readonly pollIntervalMs?: number
  /** Adapter factory for the per-RPC confirmation (default createAdapter). */
  readonly createAdapter?: (chain: ChainConfig) => ChainAdapter
}

/** The outbox as the breaker writes it (structural: functions/alerts/createOutbox.ts provides it). */
export interface BreakerOutbox {
  enqueue(parameters: {
    readonly id: string
    readonly chain: string
    readonly message: { readonly kind: 'breaker'; readonly announcement: BreakerAnnouncement }
    readonly now: number
    readonly expirySeconds: number
  }): Promise<unknown>
}

/** Breaker messages stay deliverable a day (the alerts' default delivery expiry). */
const announcementExpirySeconds = 24 * 3600

export interface AfterTickInput {
  readonly results: readonly Verdict[]
  readonly observations?: readonly Observation[]
  readonly now: number
  /** The tick read only these chains (an early read): actions on other chains are left as they are. */
  readonly chains?: readonly string[]
}

export type ResumeOutcome =
  | { readonly ok: false; readonly refused: string }
  | { readonly ok: true; readonly outcome: 'unpaused' | 'not-paused' | 'would-unpause' | 'pending' | 'failed'; readonly routes: readonly RouteResult[]; readonly error?: string }

export interface ActionStatus {
  readonly name: string
  readonly chain: string
  readonly checks: readonly string[]
  readonly severity: string
  readonly for?: number
  readonly forSeconds?: number
  readonly route: string
  readonly target: BreakerActionConfig['target']
  readonly grace: number
  readonly phase: ActionState['phase']
  readonly streaks: Streaks
  readonly incident?: IncidentRecord
  readonly readiness?: ReadinessReport
  readonly log: readonly LogEntry[]
}

export interface BreakerStatus {
  readonly mode: BreakerMode
  readonly signer?: string
  readonly actions: readonly ActionStatus[]
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

/** A claimed incident whose tick died before recording an outcome is taken over after this long. */
const CLAIM_LEASE_SECONDS = 600
const RETRIES_ON_CONTENTION = 5

function pad(seq: number): string {
  return String(seq).padStart(6, '0')
}

function canonical(streaks: Streaks): string {
  return JSON.stringify(Object.entries(streaks).sort(([a], [b]) => a.localeCompare(b)))
}


/**
 * The circuit breaker: after each tick it moves every action's small state machine (stored in DynamoDB, every
 * step a conditional write), and fires a pause exactly once per incident when the risk is confirmed.
 */
export function createBreaker(parameters: CreateBreakerParameters): Breaker {
  const { config, tableName, dynamo, env = process.env, clock = () => Math.floor(Date.now() / 1000) } = parameters
  const breaker = config.breaker
  const mode: BreakerMode = breaker?.mode ?? 'off'
  const actions = breaker?.actions ?? []
  const store: BreakerStore = createBreakerStore(dynamo, tableName)
  const clients = new EndpointClients()
  const confirmer = new RiskConfirmer(parameters.createAdapter ? { createAdapter: parameters.createAdapter } : {})
  const signer: BreakerSigner | undefined = breaker?.signer
    ? createSigner(breaker.signer, { env, ...(parameters.kmsClient ? { kmsClient: parameters.kmsClient } : {}) })
    : undefined
  const outbox = parameters.outbox
  const write = parameters.log === undefined ? (line: string) => console.log(line) : parameters.log
  const settings: SendSettings = {
    receiptTimeoutSeconds: breaker?.send.receiptTimeoutSeconds ?? 30,
    maxReplacements: breaker?.send.maxReplacements ?? 1,
    feeBumpPercent: breaker?.send.feeBumpPercent ?? 30,
    feeHeadroomPercent: breaker?.send.feeHeadroomPercent ?? 100,
    ...(breaker?.send.maxFeeGwei !== undefined ? { maxFeeGwei: breaker.send.maxFeeGwei } : {}),
    pollIntervalMs: parameters.pollIntervalMs ?? 1000,
  }
  const maxAttempts = breaker?.send.maxAttempts ?? 3
  const retrySeconds = breaker?.send.retrySeconds ?? 300
  /** A `pending` pause is re-bumped by a later tick once it has gone unmined this long since its last send… */
  const rebumpAfterSeconds = settings.receiptTimeoutSeconds * (settings.maxReplacements + 1)
  /** … while its route holds fewer replacements than this (in-tick and later ones together; 0 disables it). */
  const maxTotalReplacements = settings.maxReplacements * maxAttempts
  const maxFeePerGasCap = settings.maxFeeGwei !== undefined ? parseGwei(String(settings.maxFeeGwei)) : undefined

  const chainOf = (action: BreakerActionConfig): ChainConfig => {
    const chain = config.chains.find((c) => c.name === action.chain)
    if (!chain) throw new Error(`breaker action ${action.name}: no configured chain is named "${action.chain}"`)
    return chain
  }

  const pausePlan = (action: BreakerActionConfig): CallPlan => {
    const watched = chainOf(action)
    const l1 = l1Endpoint(watched, breaker?.l1Explorer)
    return {
      watched,
      route: resolveRoute(action, watched.stack),
      target: targetEndpoint(action, config.chains, breaker?.l1Explorer),
      ...(l1 ? { l1 } : {}),
      ...(action.inbox ? { inbox: action.inbox } : {}),
      call: { to: action.target.address, data: encodeCall(action.target.function, action.target.args) },
      pausedView: action.target.pausedView,
      doneWhenPaused: true,
      ...(action.target.gasLimit !== undefined ? { gasLimit: action.target.gasLimit } : {}),
      what: action.target.function,
    }
  }

  /** Resuming goes straight to the target chain: by then its sequencer is up again. */
  const unpausePlan = (action: BreakerActionConfig): CallPlan => ({
    ...pausePlan(action),
    route: 'direct',
    call: { to: action.target.address, data: encodeCall(action.target.unpause, action.target.unpauseArgs) },
    doneWhenPaused: false,
    what: action.target.unpause,
  })

  /**
   * Queues one announcement. `step` makes the id unique per occurrence and the same for a repeat of it (the
   * attempt, the state version written, …): a writer that repeats the same step queues nothing new.
   */
  const announce = async (
    action: BreakerActionConfig,
    event: BreakerEvent,
    announcement: Announcement,
    { incident, step, now, hashes = [] }: { incident?: string; step: string | number; now: number; hashes?: readonly string[] },
  ): Promise<void> => {
    const message: BreakerAnnouncement = { ...announcement, event, action: action.name, ...(incident ? { incident } : {}), ...(hashes.length ? { hashes } : {}) }
    if (write) {
      try {
        write(formatConsoleAnnouncement(message))
      } catch {
        // The console line is a convenience; the outbox is the record.
      }
    }
    if (!outbox) return
    try {
      const id = `breaker#${action.name}#${incident ?? '-'}#${event}#${step}`
      await outbox.enqueue({ id, chain: action.chain, message: { kind: 'breaker', announcement: message }, now, expirySeconds: announcementExpirySeconds })
    } catch (error) {
      // The state already moved on; an announcement the store would not take is at least in the log.
      if (write) write(`breaker: could not queue "${message.title}": ${describeError(error)}`)
    }
  }

  const log = async (entry: LogEntry) => {
    try {
      await store.appendLog(entry)
    } catch {
      // The log is history for `breaker status`; losing a line must not stop a pause.
    }
  }

  const hashesOf = (routes: readonly RouteResult[]) => routes.flatMap((r) => r.transactions.map((t) => t.hash))

  /** Read → change → conditional put, retried when another writer got in between; `change` may decline (undefined). */
  async function updateState(action: string, change: (state: ActionState) => ActionState | undefined): Promise<ActionState | undefined> {
    for (let attempt = 0; attempt < RETRIES_ON_CONTENTION; attempt++) {
      const current = await store.getState(action)
      if (!current) return undefined
      const next = change(current)
      if (!next) return undefined
      const written = { ...next, version: current.version + 1 }
      if (await store.putState(written, current.version)) return written
    }
    return undefined
  }

  function incidentRecord(action: BreakerActionConfig, incident: IncidentSummary, routes: readonly RouteResult[], now: number): IncidentRecord {
    const watched = chainOf(action)
    return {
      ...incident,
      action: action.name,
      chain: action.chain,
      target: { chain: action.target.chain, address: action.target.address, function: action.target.function },
      route: resolveRoute(action, watched.stack),
      routes,
      updatedAt: now,
    }
  }

  /** `manual`: a pause people asked for (chat ops): no checks to confirm; the rest of the path is the same. */
  async function fire(
    action: BreakerActionConfig,
    state: ActionState,
    stored: boolean,
    streaks: Streaks,
    held: BreakerActionConfig['checks'],
    now: number,
    manual?: ManualRequest,
  ): Promise<BreakerOutcome> {
    const watched = chainOf(action)
    const route = resolveRoute(action, watched.stack)
    const confirmation = manual ? { confirmed: new Map<BreakerActionConfig['checks'][number], string[]>(), rejected: new Map<string, string>() } : await confirmer.confirm(watched, action, held, now)
    const base = { ...state, streaks, lastObservedAt: now, updatedAt: now }
    if (confirmation.confirmed.size === 0 && !manual) {
      const message = [...confirmation.rejected].map(([check, why]) => `${check}: ${why}`).join('; ')
      if (canonical(streaks) !== canonical(state.streaks) || !stored)
        await store.putState({ ...base, version: state.version + 1 }, stored ? state.version : undefined)
      // Logged once per run that reaches the requirement, not on every tick it stays unconfirmed.
      const previous = state.streaks ?? {}
      const wasHeld = action.checks.some((check) => {
        const streak = previous[check]
        return streak !== undefined && heldChecks(previous, action, streak.lastAt).includes(check)
      })
      if (!wasHeld) await log({ action: action.name, at: now, kind: 'unconfirmed', text: message })
      return { action: action.name, decision: 'unconfirmed', message }
    }

    const trigger: TriggerEvidence[] = [...confirmation.confirmed].map(([check, agreeing]) => {
      const streak = streaks[check]!
      return { check, status: streak.status, value: streak.value, reason: streak.reason, count: streak.count, since: streak.since, ...(agreeing.length ? { agreeing } : {}) }
    })
    const previous = state.phase === 'open' ? state.incident : undefined
    const firing: 'shadow' | 'armed' = mode === 'armed' ? 'armed' : 'shadow'
    const incidentSeq = previous ? state.incidentSeq : state.incidentSeq + 1
    const requestedBy = manual ? { requestedBy: manual.by } : {}
    const incident: IncidentSummary = previous
      ? { ...previous, mode: firing, outcome: 'claimed', attempts: previous.attempts + 1, claimedAt: now, lastAttemptAt: now, ...requestedBy }
      : { id: pad(incidentSeq), openedAt: now, mode: firing, trigger, outcome: 'claimed', attempts: 1, claimedAt: now, lastAttemptAt: now, ...requestedBy }
    const claim: ActionState = { ...base, phase: 'open', incidentSeq, incident, version: state.version + 1 }
    // The claim: of two ticks that both got here, exactly one write succeeds.
    if (!(await store.putState(claim, stored ? state.version : undefined))) return { action: action.name, decision: 'lost-race', incident: incident.id }
    // Taken up: a later tick must not act on the same request again.
    if (manual) await store.deleteRequest(manual).catch(() => false)

    // A retry keeps the transactions of earlier attempts in the record.
    const earlier = previous ? await previousRoutes(action.name, incident.id) : []
    await store.putIncident(incidentRecord(action, incident, earlier, now)).catch(() => {})

    const finish = async (outcome: IncidentOutcome, routes: readonly RouteResult[], error?: string) => {
      const summary: IncidentSummary = { ...incident, outcome, ...(error ? { lastError: error } : {}) }
      if (!error && 'lastError' in summary) delete (summary as { lastError?: string }).lastError
      await updateState(action.name, (s) => (s.incident?.id === incident.id && s.incident.claimedAt === incident.claimedAt ? { ...s, incident: summary } : undefined))
      await store.putIncident(incidentRecord(action, summary, [...earlier, ...routes], now)).catch(() => {})
      return summary
    }

    if (firing === 'shadow') {
      const summary = await finish('would-pause', [])
      await log({ action: action.name, at: now, kind: 'would-pause', text: `would pause ${action.target.address} (${action.target.function}) via ${route}`, incident: incident.id })
      await announce(action, 'would-pause', wouldPauseMessage(action, summary, route), { incident: incident.id, step: `a${incident.attempts}`, now })
      return { action: action.name, decision: 'would-pause', incident: incident.id }
    }

    let result: ExecuteResult
    try {
      if (!signer) throw new Error('no signer configured')
      const account = await signer.account()
      result = await executeCall(pausePlan(action), {
        clients,
        account,
        signer,
        settings,
        onProgress: (routes) => store.putIncident(incidentRecord(action, { ...incident, outcome: 'pending' }, [...earlier, ...routes], now)).catch(() => {}),
      })
    } catch (error) {
      result = { outcome: 'failed', routes: [], error: describeError(error) }
    }
    const outcome: IncidentOutcome =
      result.outcome === 'done'
        ? 'paused'
        : result.outcome === 'already'
          ? 'already-paused'
          : result.outcome === 'submitted'
            ? 'submitted'
            : result.outcome === 'pending'
              ? 'pending'
              : 'failed'
    const error = outcome === 'failed' ? (result.error ?? result.routes.find((r) => r.error)?.error ?? 'failed') : undefined
    const summary = await finish(outcome, result.routes, error)
    const hashes = hashesOf(result.routes)
    await log({
      action: action.name,
      at: now,
      kind: outcome as LogKind,
      text: outcome === 'failed' ? `attempt ${incident.attempts} failed: ${error}` : `${outcome} via ${route}`,
      incident: incident.id,
      ...(hashes.length ? { hashes } : {}),
    })
    const about = { incident: incident.id, step: `a${incident.attempts}`, now, hashes }
    if (outcome === 'already-paused') await announce(action, 'already-paused', alreadyPausedMessage(action, summary, result.routes), about)
    else if (outcome === 'failed') {
      // One message per distinct failure, not one per retry: no storm while a role is missing.
      if (!previous || previous.lastError !== error || incident.attempts >= maxAttempts)
        await announce(action, 'failed', failedMessage(action, summary, route, error!, result.routes, incident.attempts >= maxAttempts), about)
    } else await announce(action, outcome, pausedMessage(action, summary, route, result.routes, outcome), about)
    return { action: action.name, decision: outcome, incident: incident.id, routes: result.routes, ...(error ? { message: error } : {}) }
  }

  async function previousRoutes(action: string, id: string): Promise<readonly RouteResult[]> {
    const record = await store.getIncident(action, id).catch(() => undefined)
    return (record?.routes ?? []).filter((r) => r.transactions.length > 0)
  }

  /** A pending pause: look for receipts (and a nonce taken by something else); nothing is sent. */
  async function reconcile(action: BreakerActionConfig, state: ActionState, now: number): Promise<BreakerOutcome | undefined> {
    const incident = state.incident!
    const record = await store.getIncident(action.name, incident.id)
    if (!record) return undefined
    const plan = pausePlan(action)
    let changed = false
    const routes = await Promise.all(
      record.routes.map(async (route): Promise<RouteResult> => {
        if (route.status !== 'pending' || route.transactions.length === 0) return route
        const endpoint = route.route === 'l1-inbox' ? plan.l1 : plan.target
        if (!endpoint) return route
        const client = clients.client(endpoint)
        try {
          const receipt = await findReceipt(client, route.transactions.map((t) => t.hash))
          if (receipt) {
            changed = true
            return { ...route, status: receipt.status === 'success' ? 'mined' : 'reverted', minedHash: receipt.transactionHash, blockNumber: receipt.blockNumber.toString() }
          }
          if (route.nonce !== undefined && route.from) {
            const used = await client.getTransactionCount({ address: route.from, blockTag: 'latest' })
            if (used > route.nonce) {
              // Mined between the two reads, or the nonce went to another transaction of the signer.
              const late = await findReceipt(client, route.transactions.map((t) => t.hash))
              changed = true
              return late
                ? { ...route, status: late.status === 'success' ? 'mined' : 'reverted', minedHash: late.transactionHash, blockNumber: late.blockNumber.toString() }
                : { ...route, status: 'failed', error: `nonce ${route.nonce} was used by another transaction` }
            }
          }
        } catch {
          // RPC trouble: look again next tick.
        }
        return route
      }),
    )
    if (!changed) return undefined
    const outcome: IncidentOutcome = routes.some((r) => r.route === 'direct' && r.status === 'mined')
      ? 'paused'
      : routes.some((r) => r.route === 'l1-inbox' && r.status === 'mined')
        ? 'submitted'
        : routes.some((r) => r.status === 'pending')
          ? 'pending'
          : 'failed'
    const summary: IncidentSummary = { ...incident, outcome, ...(outcome === 'failed' ? { lastError: routes.find((r) => r.error)?.error ?? 'not mined' } : {}) }
    const written = await store.putState({ ...state, incident: summary, lastObservedAt: now, updatedAt: now, version: state.version + 1 }, state.version)
    if (!written) return { action: action.name, decision: 'lost-race', incident: incident.id }
    await store.putIncident({ ...record, ...summary, routes, updatedAt: now })
    const hashes = hashesOf(routes)
    await log({ action: action.name, at: now, kind: outcome as LogKind, text: `reconciled: ${outcome}`, incident: incident.id, ...(hashes.length ? { hashes } : {}) })
    const about = { incident: incident.id, step: `v${state.version + 1}`, now, hashes }
    if (outcome === 'paused' || outcome === 'submitted') await announce(action, outcome, pausedMessage(action, summary, record.route, routes, outcome), about)
    else if (outcome === 'failed') await announce(action, 'failed', failedMessage(action, summary, record.route, summary.lastError ?? 'not mined', routes, summary.attempts >= maxAttempts), about)
    return { action: action.name, decision: outcome, incident: incident.id, routes }
  }

  /**
   * A `pending` pause whose transaction is still unmined well after its last send: one same-nonce replacement
   * at a higher fee per due route, sent only by the tick whose conditional write claims it (so two processes
   * cannot both re-bump), recorded and announced once. Bounded by maxFeeGwei and maxTotalReplacements.
   */
  async function rebump(action: BreakerActionConfig, state: ActionState, streaks: Streaks, now: number): Promise<BreakerOutcome | undefined> {
    const incident = state.incident!
    if (!signer || incident.outcome !== 'pending' || maxTotalReplacements === 0) return undefined
    if ((incident.laterReplacements ?? 0) >= maxTotalReplacements) return undefined
    const record = await store.getIncident(action.name, incident.id).catch(() => undefined)
    if (!record) return undefined
    const wallNowSeconds = (parameters.wallClock ?? Date.now)() / 1000
    const due = record.routes.flatMap((route, index) =>
      replacementDue(route, { waitSeconds: rebumpAfterSeconds, maxTotal: maxTotalReplacements, wallNowSeconds, maxFeePerGasCap }) ? [index] : [],
    )
    if (due.length === 0) return undefined
    // The claim on this replacement: of two ticks that both got here, exactly one write succeeds.
    const summary: IncidentSummary = { ...incident, laterReplacements: (incident.laterReplacements ?? 0) + 1 }
    if (!(await store.putState({ ...state, streaks, incident: summary, lastObservedAt: now, updatedAt: now, version: state.version + 1 }, state.version)))
      return { action: action.name, decision: 'lost-race', incident: incident.id }

    const plan = pausePlan(action)
    const routes = [...record.routes]
    const replaced: RouteResult[] = []
    const problems: string[] = []
    let account: Awaited<ReturnType<BreakerSigner['account']>>
    try {
      account = await signer.account()
    } catch (error) {
      return { action: action.name, decision: 'pending', incident: incident.id, message: `replacement: ${describeError(error)}` }
    }
    for (const index of due) {
      const route = routes[index]!
      const endpoint = route.route === 'l1-inbox' ? plan.l1 : plan.target
      if (!endpoint) continue
      try {
        const client = clients.client(endpoint)
        const chainId = route.chainId ?? (await clients.chainId(endpoint))
        signer.assertAllowedOn(chainId, endpoint.label)
        const result = await replaceTransaction({
          client,
          account,
          chainId,
          nonce: route.nonce!,
          previous: route.transactions.at(-1)!,
          hashes: route.transactions.map((t) => t.hash),
          ...(route.route === 'direct' && route.gas ? { fallback: { call: plan.call, gas: BigInt(route.gas) } } : {}),
          settings,
        })
        if ('sent' in result) {
          routes[index] = { ...route, transactions: [...route.transactions, result.sent] }
          replaced.push(routes[index]!)
        } else problems.push(`${route.chain}: ${'skipped' in result ? result.skipped : `replacement not accepted: ${result.error}`}`)
      } catch (error) {
        problems.push(`${route.chain}: ${describeError(error)}`)
      }
    }
    await store.putIncident({ ...record, ...summary, routes, updatedAt: now }).catch(() => {})
    const hashes = replaced.map((r) => r.transactions.at(-1)!.hash)
    const text = [
      ...replaced.map((r) => `replaced the unmined pause on ${r.chain} (nonce ${r.nonce}, ${r.transactions.length - 1} replacement(s))`),
      ...problems,
    ].join('; ')
    await log({ action: action.name, at: now, kind: 'replaced', text, incident: incident.id, ...(hashes.length ? { hashes } : {}) })
    if (replaced.length > 0)
      await announce(action, 'replaced', replacedMessage(action, summary, record.route, routes, replaced), { incident: incident.id, step: `r${summary.laterReplacements}`, now, hashes })
    return { action: action.name, decision: 'pending', incident: incident.id, routes, message: text }
  }

  /**
   * A pause sent through L1 (`submitted`): one read of the target's paused view on the target chain per tick.
   * Once true, the incident becomes `paused` with the block it was seen at, announced once (conditional write).
   */
  async function confirmOnL2(action: BreakerActionConfig, state: ActionState, streaks: Streaks, now: number): Promise<BreakerOutcome | undefined> {
    const incident = state.incident!
    const view = action.target.pausedView
    if (incident.outcome !== 'submitted' || !view) return undefined
    const plan = pausePlan(action)
    const client = clients.client(plan.target)
    let blockNumber: bigint
    try {
      if (!(await readPaused(client, plan.call.to, view))) return undefined
      // Seen once: pin it to a block (two more reads, on this transition only).
      blockNumber = await client.getBlockNumber({ cacheTime: 0 })
      if (!(await readPaused(client, plan.call.to, view, blockNumber))) return undefined
    } catch {
      return undefined // RPC trouble: look again next tick
    }
    const summary: IncidentSummary = { ...incident, outcome: 'paused', confirmedOnL2: { at: now, blockNumber: blockNumber.toString() } }
    if (!(await store.putState({ ...state, streaks, incident: summary, lastObservedAt: now, updatedAt: now, version: state.version + 1 }, state.version)))
      return { action: action.name, decision: 'lost-race', incident: incident.id }
    const record = await store.getIncident(action.name, incident.id).catch(() => undefined)
    const routes = record?.routes ?? []
    if (record) await store.putIncident({ ...record, ...summary, updatedAt: now }).catch(() => {})
    await log({ action: action.name, at: now, kind: 'paused', text: `pause confirmed on L2: ${view} true at block ${blockNumber}`, incident: incident.id })
    await announce(action, 'pause-confirmed', pauseConfirmedMessage(action, summary, record?.route ?? plan.route, routes, blockNumber.toString(), clients.explorer(plan.target)), {
      incident: incident.id,
      step: blockNumber.toString(),
      now,
    })
    return { action: action.name, decision: 'paused', incident: incident.id, routes, message: `pause confirmed on L2 at block ${blockNumber}` }
  }

  /** Runs one probe: an outcome ends the action's tick, undefined falls through to the next step. */
  async function runProbe(probe: Probe, action: BreakerActionConfig, decision: Decision, now: number): Promise<BreakerOutcome | undefined> {
    const { state, streaks } = decision
    switch (probe.kind) {
      case 'confirm-on-l2':
        return confirmOnL2(action, state, streaks, now)
      case 'reconcile':
        return reconcile(action, state, now)
      case 'rebump':
        return rebump(action, state, streaks, now)
      case 'take-over-claim': {
        const incident = state.incident!
        const record = await store.getIncident(action.name, incident.id).catch(() => undefined)
        if (!record?.routes.some((route) => route.transactions.length > 0)) return undefined
        // The tick that claimed it died after sending: find out what became of those transactions, send nothing new.
        const pending: ActionState = { ...state, incident: { ...incident, outcome: 'pending' }, updatedAt: now, version: state.version + 1 }
        if (!(await store.putState(pending, state.version))) return { action: action.name, decision: 'lost-race', incident: incident.id }
        return (await reconcile(action, pending, now)) ?? { action: action.name, decision: 'pending', incident: incident.id }
      }
      case 'drop-request': {
        const { request, why } = probe
        if (!(await store.deleteRequest(request))) return undefined // another tick took it
        await log({ action: action.name, at: now, kind: 'manual-refused', text: `${request.kind} requested by ${request.by.join(', ')}: ${why}` })
        await announce(
          action,
          'manual-refused',
          { chain: action.chain, level: 'warn', title: `Breaker: the requested ${request.kind} of ${action.name} was not carried out`, lines: [`Requested by ${request.by.join(', approved by ')}.`, why] },
          { step: `${request.kind}@${request.at}`, now },
        )
        return { action: action.name, decision: 'manual-refused', message: why }
      }
      case 'manual-resume': {
        if (!(await store.deleteRequest(probe.request))) return undefined
        const result = await resumeAction(action, probe.request.by)
        return result.ok
          ? { action: action.name, decision: 'resumed', message: result.outcome, routes: result.routes, ...(state.incident ? { incident: state.incident.id } : {}) }
          : { action: action.name, decision: 'manual-refused', message: result.refused }
      }
    }
  }

  /** The executor of one decision: probes in order, then the final step. */
  async function processAction(action: BreakerActionConfig, verdicts: readonly Verdict[], now: number): Promise<BreakerOutcome> {
    const [stored, request] = await Promise.all([store.getState(action.name), store.getRequest(action.name)])
    const decision = decideAction({
      action,
      stored,
      input: request ? { kind: 'manual', request, verdicts } : { kind: 'tick', verdicts },
      mode,
      maxAttempts,
      retrySeconds,
      claimLeaseSeconds: CLAIM_LEASE_SECONDS,
      now,
    })
    for (const probe of decision.probes) {
      const outcome = await runProbe(probe, action, decision, now)
      if (outcome) return outcome
    }
    const { final } = decision
    if (final.kind === 'fire') return fire(action, decision.state, stored !== undefined, decision.streaks, final.held, now, final.manual)
    if (final.write && !(await store.putState(final.write, stored ? stored.version : undefined)) && final.onConflict === 'lost-race')
      return { action: action.name, decision: 'lost-race', ...(final.outcome.incident ? { incident: final.outcome.incident } : {}) }
    if (final.log) await log(final.log)
    if (final.announce) await announce(action, final.announce.event, final.announce.message, { ...(final.announce.incident ? { incident: final.announce.incident } : {}), step: final.announce.step, now })
    return final.outcome
  }

  async function readinessFor(action: BreakerActionConfig, now: number): Promise<ReadinessReport> {
    if (!signer) return { action: action.name, checkedAt: now, ready: false, problems: [{ what: 'signer', message: 'no signer configured' }], notes: [] }
    try {
      return await checkReadiness({
        action: action.name,
        plan: pausePlan(action),
        signer,
        clients,
        minBalance: action.minBalance ?? breaker?.readiness.minBalance ?? '0.01',
        now,
      })
    } catch (error) {
      return { action: action.name, checkedAt: now, ready: false, problems: [{ what: 'readiness', message: describeError(error) }], notes: [] }
    }
  }

  /** Stores a report; announces when readiness changed (first failure, different problems, ready again). */
  async function recordReadiness(action: BreakerActionConfig, report: ReadinessReport): Promise<void> {
    const previous = await store.getReadiness(action.name)
    const key = (r: Pick<ReadinessReport, 'problems'>) => [...new Set(r.problems.map((p) => p.what))].sort().join('|')
    const changed = previous ? previous.ready !== report.ready || (!report.ready && key(previous) !== key(report)) : !report.ready
    const written = await store.putReadiness({ ...report, version: (previous?.version ?? 0) + 1 }, previous?.version)
    if (!written || !changed) return
    await log({ action: action.name, at: report.checkedAt, kind: report.ready ? 'ready' : 'not-ready', text: report.ready ? 'ready' : report.problems.map((p) => `${p.what}: ${p.message}`).join('; ') })
    await announce(action, report.ready ? 'ready' : 'not-ready', readinessMessage(action, report), { step: `v${(previous?.version ?? 0) + 1}`, now: report.checkedAt })
  }

  /** The unpause, only after the grace period was announced as over; `by`: people who asked from the chat. */
  async function resumeAction(action: BreakerActionConfig, by?: readonly string[]): Promise<ResumeOutcome> {
    if (mode === 'off') return { ok: false, refused: 'the breaker is off (breaker.mode: off)' }
    const now = clock()
    const state = await store.getState(action.name)
    const incident = state?.incident
    const refuse = async (why: string): Promise<ResumeOutcome> => {
      await log({ action: action.name, at: now, kind: 'resume-refused', text: by ? `requested by ${by.join(', ')}: ${why}` : why, ...(incident ? { incident: incident.id } : {}) })
      if (by)
        await announce(
          action,
          'manual-refused',
          { chain: action.chain, level: 'warn', title: `Breaker: the requested resume of ${action.name} was refused`, lines: [`Requested by ${by.join(', approved by ')}.`, why] },
          { step: `resume@${now}`, now, ...(incident ? { incident: incident.id } : {}) },
        )
      return { ok: false, refused: why }
    }
    const refusal = resumeRefusal(action, state, now)
    if (refusal || !state || !incident) return refuse(refusal ?? 'nothing to resume')
    // resume-safe: claim it so two operators cannot both send.
    if (!(await store.putState({ ...state, phase: 'resuming', updatedAt: now, version: state.version + 1 }, state.version)))
      return refuse('another command or tick changed this action just now; try again')

    let outcome: Extract<ResumeOutcome, { ok: true }>['outcome']
    let routes: readonly RouteResult[] = []
    let error: string | undefined
    if (mode === 'shadow') outcome = 'would-unpause'
    else {
      try {
        if (!signer) throw new Error('no signer configured')
        const account = await signer.account()
        const result = await executeCall(unpausePlan(action), { clients, account, signer, settings })
        routes = result.routes
        outcome = result.outcome === 'done' ? 'unpaused' : result.outcome === 'already' ? 'not-paused' : result.outcome === 'pending' ? 'pending' : 'failed'
        if (outcome === 'failed') error = result.error ?? routes.find((r) => r.error)?.error ?? 'failed'
      } catch (caught) {
        outcome = 'failed'
        error = describeError(caught)
      }
    }
    const done = outcome === 'unpaused' || outcome === 'not-paused' || outcome === 'would-unpause'
    await updateState(action.name, (s) => (s.phase === 'resuming' ? { ...s, phase: done ? 'idle' : 'resume-safe', updatedAt: now } : undefined))
    const record = await store.getIncident(action.name, incident.id).catch(() => undefined)
    if (record) await store.putIncident({ ...record, resume: { at: now, outcome, routes, ...(error ? { error } : {}) }, updatedAt: now }).catch(() => {})
    const hashes = hashesOf(routes)
    await log({ action: action.name, at: now, kind: 'resumed', text: `${outcome}${error ? `: ${error}` : ''}${by ? ` (requested by ${by.join(', ')})` : ''}`, incident: incident.id, ...(hashes.length ? { hashes } : {}) })
    await announce(action, 'resumed', resumedMessage(action, outcome, routes, error), { incident: incident.id, step: `v${state.version + 1}`, now, hashes })
    return { ok: true, outcome, routes, ...(error ? { error } : {}) }
  }

  return {
    mode,

    async afterTick({ results, now, chains }) {
      if (mode === 'off' || actions.length === 0) return []
      const outcomes: BreakerOutcome[] = []
      // One action after another: actions sharing a signer and chain must not race for a nonce.
      for (const action of chains ? actions.filter((a) => chains.includes(a.chain)) : actions) {
        try {
          outcomes.push(await processAction(action, results, now))
        } catch (error) {
          outcomes.push({ action: action.name, decision: 'error', message: describeError(error) })
        }
      }
      if (mode === 'armed') {
        try {
          const tick = await store.countTick()
          if ((tick - 1) % (breaker?.readiness.everyTicks ?? 5) === 0)
            for (const action of actions) await recordReadiness(action, await readinessFor(action, now))
        } catch (error) {
          outcomes.push({ action: '*', decision: 'error', message: `readiness: ${describeError(error)}` })
        }
      }
      return outcomes
    },

    async checkReadiness(actionName, options = {}) {
      const now = clock()
      const selected = actionName ? actions.filter((a) => a.name === actionName) : actions
      if (actionName && selected.length === 0) throw new Error(`no breaker action is named "${actionName}"`)
      const reports: ReadinessReport[] = []
      for (const action of selected) {
        const report = await readinessFor(action, now)
        if (options.record) await recordReadiness(action, report)
        reports.push(report)
      }
      return reports
    },

    async resume(actionName) {
      const action = actions.find((a) => a.name === actionName)
      if (!action) return { ok: false, refused: `no breaker action is named "${actionName}"` }
      return resumeAction(action)
    },

    async status({ logLimit = 10 } = {}) {
      const statuses: ActionStatus[] = []
      for (const action of actions) {
        const [state, readiness, entries] = await Promise.all([store.getState(action.name), store.getReadiness(action.name), store.recentLog(action.name, logLimit)])
        const incident = state?.incident ? await store.getIncident(action.name, state.incident.id) : undefined
        const watched = config.chains.find((c) => c.name === action.chain)
        statuses.push({
          name: action.name,
          chain: action.chain,
          checks: action.checks,
          severity: action.severity,
          ...(action.for !== undefined ? { for: action.for } : {}),
          ...(action.forSeconds !== undefined ? { forSeconds: action.forSeconds } : {}),
          route: watched ? resolveRoute(action, watched.stack) : (action.route ?? 'direct'),
          target: action.target,
          grace: action.grace,
          phase: state?.phase ?? 'idle',
          streaks: state?.streaks ?? {},
          ...(incident ? { incident } : {}),
          ...(readiness ? { readiness } : {}),
          log: entries,
        })
      }
      return { mode, ...(signer ? { signer: signer.description } : {}), actions: statuses }
    },

    async signerAddress() {
      if (!signer) return undefined
      return (await signer.account()).address
    },
  }
}
