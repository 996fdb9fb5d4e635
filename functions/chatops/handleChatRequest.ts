import { randomBytes } from 'node:crypto'
import { acknowledge } from '../alerts/acknowledge.js'
import { applyMute } from '../alerts/applyMute.js'
import type { ChannelRoute } from '../alerts/ChannelRoute.js'
import type { BreakerStore } from '../breaker/breakerStore.js'
import { requestManualAction } from '../breaker/requestManualAction.js'
import { formatSeconds } from '../checks/formatSeconds.js'
import type { WatchtowerConfig } from '../config/schema.js'
import { describeError } from '../rpc/describeError.js'
import { formatChatStatus } from '../report/formatChatStatus.js'
import type { Store } from '../store/Store.js'
import { authorizeChatUser } from './authorizeChatUser.js'
import { type ChatCommand, type ChatRequest, describeUser } from './ChatCommand.js'
import type { AuditOutcome, ChatopsStore } from './chatopsStore.js'
import { type ApprovalRequest, approvalWindowSeconds, decideApproval } from './decideApproval.js'
import { chatUsage, parseChatCommand } from './parseChatCommand.js'

export interface ChatopsDependencies {
  readonly config: Pick<WatchtowerConfig, 'chains' | 'breaker' | 'chatops'>
  readonly store: Store
  readonly chatops: ChatopsStore
  readonly breaker: BreakerStore
  /** Unix seconds. */
  readonly now: () => number
  /** Approval ids (random by default). */
  readonly newId?: () => string
  /** Where acks and mutes are told (queued in the outbox: the incident messages show them); none: the store only. */
  readonly channels?: readonly ChannelRoute[]
}

/** What to say back; `approval`: show an Approve button for this pending pause/resume. */
export interface ChatAnswer {
  readonly text: string
  readonly outcome: AuditOutcome
  readonly approval?: Pick<ApprovalRequest, 'id' | 'kind' | 'action'>
  /** What was acted on (for updating a living incident message): `chain#check` keys. */
  readonly changed?: readonly string[]
}

export function utcTime(seconds: number): string {
  return `${new Date(seconds * 1000).toISOString().slice(11, 16)} UTC`
}

const where = (chain: string, check?: string) => `${chain === '*' ? 'all chains' : chain}${check ? ` ${check}` : ''}`

/**
 * One chat request, start to end: authorize (allowlist), parse (plain-word errors change nothing), act through
 * the same functions as the CLI, and write the audit trail (who, what, when, where, outcome), refusals included.
 */
export async function handleChatRequest(deps: ChatopsDependencies, request: ChatRequest): Promise<ChatAnswer> {
  const now = deps.now()
  let answer: ChatAnswer & { detail?: string }
  try {
    answer = await decideAndAct(deps, request, now)
  } catch (error) {
    answer = { text: `Something went wrong, nothing may have changed: ${describeError(error)}`, outcome: 'failed', detail: describeError(error) }
  }
  await deps.chatops.appendAudit({
    at: now,
    channel: request.user.channel,
    user: { id: request.user.id, ...(request.user.name ? { name: request.user.name } : {}) },
    command: request.text.trim() || '(empty)',
    outcome: answer.outcome,
    detail: answer.detail ?? answer.text,
    ...(request.chat ? { chat: request.chat } : {}),
  })
  const { detail: _detail, ...reply } = answer
  return reply
}

async function decideAndAct(deps: ChatopsDependencies, request: ChatRequest, now: number): Promise<ChatAnswer & { detail?: string }> {
  const chatops = deps.config.chatops
  if (!chatops) return { text: 'Chat ops are not configured here.', outcome: 'refused' }
  const authorization = authorizeChatUser(request.user, chatops)
  if (!authorization.ok) return { text: authorization.reply, outcome: 'refused', detail: authorization.reason }
  const parsed = parseChatCommand(request.text, { chains: deps.config.chains.map((c) => c.name), actions: deps.config.breaker?.actions.map((a) => a.name) ?? [] })
  if ('error' in parsed) return { text: `${parsed.error}. Nothing was changed.`, outcome: 'refused', detail: parsed.error }
  return act(deps, request, parsed.command, now)
}

async function act(deps: ChatopsDependencies, request: ChatRequest, command: ChatCommand, now: number): Promise<ChatAnswer & { detail?: string }> {
  const who = describeUser(request.user)
  const name = request.user.name ? `@${request.user.name}` : request.user.id
  switch (command.kind) {
    case 'help':
      return { text: `Commands:\n${chatUsage.join('\n')}`, outcome: 'accepted' }
    case 'status': {
      const [states, heartbeat, mutes] = await Promise.all([deps.store.getCheckStates(), deps.store.getHeartbeat(), deps.store.getMutes()])
      return { text: formatChatStatus({ states, heartbeat, chains: deps.config.chains.map((c) => c.name), mutes, now }), outcome: 'accepted', detail: 'status' }
    }
    case 'ack': {
      const acked = await acknowledge(deps.store, { chain: command.chain, ...(command.check ? { check: command.check } : {}), now, by: who, ...(deps.channels ? { channels: deps.channels } : {}) })
      if (acked.length === 0) return { text: `No open, unacknowledged incident on ${where(command.chain, command.check)}.`, outcome: 'accepted', detail: 'nothing to acknowledge' }
      return { text: `Acked by ${name} ${utcTime(now)}: ${acked.join(', ')}. No reminders until it worsens or resolves.`, outcome: 'accepted', detail: `acknowledged ${acked.join(', ')}`, changed: acked }
    }
    case 'mute': {
      const until = now + command.seconds
      await applyMute(deps.store, { chain: command.chain, check: command.check ?? '*', until, by: who, now, ...(deps.channels ? { channels: deps.channels } : {}) })
      return {
        text: `Muted ${where(command.chain, command.check)} for ${formatSeconds(command.seconds)} (until ${new Date(until * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC) by ${name}; alerts are still recorded.`,
        outcome: 'accepted',
        detail: `muted ${command.chain}#${command.check ?? '*'} until ${until}`,
      }
    }
    case 'unmute': {
      const removed = await deps.store.deleteMute(command.chain, command.check ?? '*')
      return removed
        ? { text: `Unmuted ${where(command.chain, command.check)} (${name}).`, outcome: 'accepted', detail: `unmuted ${command.chain}#${command.check ?? '*'}` }
        : { text: `No mute on ${where(command.chain, command.check)}.`, outcome: 'accepted', detail: 'no mute to lift' }
    }
    case 'pause':
    case 'resume':
      return requestBreaker(deps, request, command.kind, command.action, now)
    case 'approve':
      return approve(deps, request, command.request, now)
  }
}

async function requestBreaker(deps: ChatopsDependencies, request: ChatRequest, kind: 'pause' | 'resume', action: string, now: number): Promise<ChatAnswer & { detail?: string }> {
  const who = describeUser(request.user)
  const approvals = deps.config.chatops?.pauseApprovals ?? 1
  const check = await requestManualAction(deps.breaker, { breaker: deps.config.breaker, kind, action, by: [who], now, dryRun: approvals > 1 })
  if (check.outcome === 'refused') return { text: `Cannot ${kind} ${action}: ${check.reason}. Nothing was sent.`, outcome: 'refused', detail: check.reason }
  if (check.outcome === 'would-pause')
    return { text: `Breaker is in shadow mode: would pause ${action} (requested by ${who}). Nothing was sent; set breaker.mode: armed to send pauses.`, outcome: 'accepted', detail: 'would pause (shadow mode)' }
  if (approvals === 1) return queuedAnswer(kind, action, [who])
  const approval: ApprovalRequest = {
    id: deps.newId?.() ?? randomBytes(9).toString('hex'),
    kind,
    action,
    channel: request.user.channel,
    requestedBy: request.user,
    requestedAt: now,
    expiresAt: now + approvalWindowSeconds,
    state: 'pending',
  }
  await deps.chatops.putApproval(approval)
  return {
    text: `${kind === 'pause' ? 'Pause' : 'Resume'} of ${action} requested by ${who}. A second allowlisted ${request.user.channel} user must approve within 10 minutes (Approve button, or \`approve ${approval.id}\`). Nothing is sent until then.`,
    outcome: 'awaiting-approval',
    detail: `approval ${approval.id} pending`,
    approval: { id: approval.id, kind, action },
  }
}

async function approve(deps: ChatopsDependencies, request: ChatRequest, id: string, now: number): Promise<ChatAnswer & { detail?: string }> {
  const pending = await deps.chatops.getApproval(id)
  const decision = decideApproval(pending, request.user, now)
  if (!decision.ok) return { text: `Cannot approve: ${decision.reason}. Nothing was sent.`, outcome: 'refused', detail: decision.reason }
  const approval = pending!
  // The conditional write: of two people pressing Approve at once, exactly one goes on.
  if (!(await deps.chatops.approve(approval, request.user, now))) return { text: 'Cannot approve: someone approved it a moment ago, or it expired. Nothing more was sent.', outcome: 'refused', detail: 'lost the approval race' }
  const by = [describeUser(approval.requestedBy), describeUser(request.user)]
  const result = await requestManualAction(deps.breaker, { breaker: deps.config.breaker, kind: approval.kind, action: approval.action, by, now })
  if (result.outcome === 'refused') return { text: `Approved, but cannot ${approval.kind} ${approval.action}: ${result.reason}. Nothing was sent.`, outcome: 'refused', detail: result.reason }
  if (result.outcome === 'would-pause') return { text: `Approved. Breaker is in shadow mode: would pause ${approval.action}. Nothing was sent.`, outcome: 'accepted', detail: 'would pause (shadow mode)' }
  return queuedAnswer(approval.kind, approval.action, by)
}

function queuedAnswer(kind: 'pause' | 'resume', action: string, by: readonly string[]): ChatAnswer & { detail?: string } {
  return {
    text: `${kind === 'pause' ? 'Pause' : 'Resume'} of ${action} accepted (${by.join(', approved by ')}): the breaker carries it out on its next tick (paused() check, simulation, exactly once) and announces the outcome here.`,
    outcome: 'accepted',
    detail: `${kind} queued for the breaker by ${by.join(', ')}`,
  }
}
