import type { ChatRequest } from './ChatCommand.js'

/** A Slack request turned into a chat request, and where its answer goes. */
export interface SlackChatRequest extends ChatRequest {
  /** Slack's per-request reply URL (hooks.slack.com/…): answers go there, valid 30 minutes. */
  readonly responseUrl?: string
}

export type ParsedSlackRequest = { readonly ok: true; readonly request: SlackChatRequest } | { readonly ok: false; readonly reason: string }

/**
 * The body of `POST /slack/commands` (slash command, form-encoded) or `POST /slack/actions` (interactivity:
 * form field `payload` holding JSON; `block_actions` buttons carry the command as their value). Pure; the
 * signature has been verified before this runs.
 */
export function parseSlackRequest(kind: 'commands' | 'actions', body: string): ParsedSlackRequest {
  const form = new URLSearchParams(body)
  if (kind === 'commands') {
    const user = form.get('user_id')
    if (!user) return { ok: false, reason: 'slash command without user_id' }
    const name = form.get('user_name')
    const responseUrl = form.get('response_url')
    const chat = form.get('channel_id')
    return { ok: true, request: { user: { channel: 'slack', id: user, ...(name ? { name } : {}) }, text: form.get('text') ?? '', ...(chat ? { chat } : {}), ...(responseUrl ? { responseUrl } : {}) } }
  }
  let payload: Record<string, any>
  try {
    payload = JSON.parse(form.get('payload') ?? '') as Record<string, any>
  } catch {
    return { ok: false, reason: 'interactivity request without a JSON payload' }
  }
  if (payload.type !== 'block_actions') return { ok: false, reason: `unsupported interaction type "${String(payload.type)}"` }
  const action = Array.isArray(payload.actions) ? payload.actions[0] : undefined
  const user = payload.user?.id
  if (typeof user !== 'string' || typeof action?.value !== 'string') return { ok: false, reason: 'block_actions without a user or a button value' }
  const name = typeof payload.user.username === 'string' ? payload.user.username : typeof payload.user.name === 'string' ? payload.user.name : undefined
  const chat = payload.channel?.id ?? payload.container?.channel_id
  return {
    ok: true,
    request: {
      user: { channel: 'slack', id: user, ...(name ? { name } : {}) },
      text: action.value,
      button: true,
      ...(typeof chat === 'string' ? { chat } : {}),
      ...(typeof payload.response_url === 'string' ? { responseUrl: payload.response_url } : {}),
    },
  }
}
