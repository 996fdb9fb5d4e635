import { NotifyError } from './NotifyError.js'
import { redactError } from './redactError.js'
import { redactSecrets } from './redactSecrets.js'

export interface PostJsonParameters {
  /** Channel name for errors. */
  readonly channel: string
  /** What is being sent, for errors (`alert for base`). */
  readonly what: string
  readonly chain?: string
  readonly url: string
  /** Exactly the bytes to send (a signature may cover them). */
  readonly body: string
  readonly headers?: Record<string, string>
  readonly timeoutMs: number
  /** Redacted from every message (a webhook URL's token, a routing key). */
  readonly secrets: readonly string[]
}

/**
 * One JSON POST, no retries (the outbox retries): resolves with the parsed answer of a 2xx; rejects with a
 * NotifyError naming the status, the API's message and a 429's wait (`Retry-After` header or a JSON `retry_after`,
 * Discord's seconds), never a secret.
 */
export async function postJson({ channel, what, chain, url, body, headers = {}, timeoutMs, secrets }: PostJsonParameters): Promise<unknown> {
  const fail = (reason: string, fields: { status?: number; apiError?: string; retryAfter?: number }, cause?: unknown) =>
    new NotifyError(channel, redactSecrets(`${label(channel)} ${what} failed: ${reason}`, secrets), {
      ...(chain !== undefined ? { chain } : {}),
      ...fields,
      ...(cause !== undefined ? { cause: redactError(cause, secrets) } : {}),
    })
  let response: Response
  try {
    response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, signal: AbortSignal.timeout(timeoutMs) })
  } catch (error) {
    if (error instanceof Error && error.name === 'TimeoutError') throw fail(`no answer within ${timeoutMs} ms`, {}, error)
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : ''
    throw fail(`${error instanceof Error ? error.message : String(error)}${cause}`, {}, error)
  }
  const text = await response.text().catch(() => '')
  const json = parseJson(text)
  if (response.ok) return json
  const apiError = apiMessage(json) ?? (text.slice(0, 200) || undefined)
  const retryAfter = response.status === 429 ? retryAfterSeconds(response.headers.get('retry-after'), json) : undefined
  throw fail(`HTTP ${response.status}${apiError ? ` ${apiError}` : ''}${retryAfter !== undefined ? `, retry after ${retryAfter} s` : ''}`, {
    status: response.status,
    ...(apiError ? { apiError } : {}),
    ...(retryAfter !== undefined ? { retryAfter } : {}),
  })
}

function label(channel: string): string {
  return { pagerduty: 'PagerDuty', discord: 'Discord', webhook: 'Webhook' }[channel] ?? channel
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined
  } catch {
    return undefined
  }
}

/** PagerDuty `{ message, errors }`, Discord `{ message, code }`. */
function apiMessage(json: unknown): string | undefined {
  if (!json || typeof json !== 'object') return undefined
  const { message, errors } = json as { message?: unknown; errors?: unknown }
  const parts = [typeof message === 'string' ? message : undefined, Array.isArray(errors) ? errors.filter((e) => typeof e === 'string').join('; ') : undefined]
  const joined = parts.filter(Boolean).join(': ')
  return joined || undefined
}

/** Whole seconds, rounded up (Discord answers fractions such as 0.35). */
function retryAfterSeconds(header: string | null, json: unknown): number | undefined {
  const fromBody = json && typeof json === 'object' ? (json as { retry_after?: unknown }).retry_after : undefined
  const value = typeof fromBody === 'number' ? fromBody : header !== null ? Number(header) : NaN
  return Number.isFinite(value) && value >= 0 ? Math.ceil(value) : undefined
}
