import type { BreakerActionConfig } from '../config/breakerSchema.js'
import { describeError } from '../rpc/describeError.js'
import { announce } from './announce.js'
import type { BreakerContext } from './BreakerContext.js'
import { executeCall } from './executeCall.js'
import { hashesOf } from './hashesOf.js'
import { logDecision } from './logDecision.js'
import { resumeRefusal } from './manualRequest.js'
import { manualRefusedMessage, resumedMessage } from './messages.js'
import type { RouteResult } from './types.js'
import { unpausePlan } from './unpausePlan.js'
import { updateState } from './updateState.js'

export type ResumeOutcome =
  | { readonly ok: false; readonly refused: string }
  | { readonly ok: true; readonly outcome: 'unpaused' | 'not-paused' | 'would-unpause' | 'pending' | 'failed'; readonly routes: readonly RouteResult[]; readonly error?: string }

type Resumed = Extract<ResumeOutcome, { ok: true }>

/**
 * `watchtower breaker resume ACTION` (or a resume asked for from the chat, `by` the people who asked): the
 * unpause, only once resuming was announced as safe. Claims the action (`resuming`) so two operators cannot both
 * send, sends the unpause directly on the target chain, records, logs and announces it.
 */
export async function resumeAction(ctx: BreakerContext, action: BreakerActionConfig, by?: readonly string[]): Promise<ResumeOutcome> {
  const { mode, store } = ctx
  if (mode === 'off') return { ok: false, refused: 'the breaker is off (breaker.mode: off)' }
  const now = ctx.clock()
  const state = await store.getState(action.name)
  const incident = state?.incident
  const refuse = async (why: string): Promise<ResumeOutcome> => {
    await logDecision(ctx, { action: action.name, at: now, kind: 'resume-refused', text: by ? `requested by ${by.join(', ')}: ${why}` : why, ...(incident ? { incident: incident.id } : {}) })
    if (by)
      await announce(ctx, action, 'manual-refused', manualRefusedMessage(action, `Breaker: the requested resume of ${action.name} was refused`, by, why), {
        step: `resume@${now}`,
        now,
        ...(incident ? { incident: incident.id } : {}),
      })
    return { ok: false, refused: why }
  }
  const refusal = resumeRefusal(action, state, now)
  if (refusal || !state || !incident) return refuse(refusal ?? 'nothing to resume')
  // resume-safe: claim it so two operators cannot both send.
  if (!(await store.putState({ ...state, phase: 'resuming', updatedAt: now, version: state.version + 1 }, state.version)))
    return refuse('another command or tick changed this action just now; try again')

  const { outcome, routes, error } = await sendUnpause(ctx, action)
  const done = outcome === 'unpaused' || outcome === 'not-paused' || outcome === 'would-unpause'
  await updateState(ctx, action.name, (s) => (s.phase === 'resuming' ? { ...s, phase: done ? 'idle' : 'resume-safe', updatedAt: now } : undefined))
  const record = await store.getIncident(action.name, incident.id).catch(() => undefined)
  if (record) await store.putIncident({ ...record, resume: { at: now, outcome, routes, ...(error ? { error } : {}) }, updatedAt: now }).catch(() => {})
  const hashes = hashesOf(routes)
  await logDecision(ctx, {
    action: action.name,
    at: now,
    kind: 'resumed',
    text: `${outcome}${error ? `: ${error}` : ''}${by ? ` (requested by ${by.join(', ')})` : ''}`,
    incident: incident.id,
    ...(hashes.length ? { hashes } : {}),
  })
  await announce(ctx, action, 'resumed', resumedMessage(action, outcome, routes, error), { incident: incident.id, step: `v${state.version + 1}`, now, hashes, paused: !done })
  return { ok: true, outcome, routes, ...(error ? { error } : {}) }
}

/** Shadow: nothing is sent. Armed: the unpause, directly on the target chain. */
async function sendUnpause(ctx: BreakerContext, action: BreakerActionConfig): Promise<Omit<Resumed, 'ok'>> {
  if (ctx.mode === 'shadow') return { outcome: 'would-unpause', routes: [] }
  const { signer, clients, settings } = ctx
  try {
    if (!signer) throw new Error('no signer configured')
    const account = await signer.account()
    const result = await executeCall(unpausePlan(ctx, action), { clients, account, signer, settings })
    const outcome = result.outcome === 'done' ? 'unpaused' : result.outcome === 'already' ? 'not-paused' : result.outcome === 'pending' ? 'pending' : 'failed'
    const error = outcome === 'failed' ? (result.error ?? result.routes.find((r) => r.error)?.error ?? 'failed') : undefined
    return { outcome, routes: result.routes, ...(error ? { error } : {}) }
  } catch (caught) {
    return { outcome: 'failed', routes: [], error: describeError(caught) }
  }
}
