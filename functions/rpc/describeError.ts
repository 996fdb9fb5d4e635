import { BaseError } from 'viem'
import { maxErrorTextLength, truncateText } from '../errors/truncateText.js'
import { longestSecretLength, redactText } from './redact.js'

/** Cause chains are short in practice; a cycle must not loop. */
const maxCauseDepth = 5

/**
 * One short, redacted line for an RPC failure: viem's shortMessage, the HTTP status, the innermost cause,
 * without request bodies or version banners. Server text (an HTML error page, an echoed request) is redacted
 * of every URL and of the request URL's key parts even where it echoes them alone, then cut to
 * `maxErrorTextLength`, before it can reach a reason, a log line or the store.
 */
export function describeError(error: unknown): string {
  const urls = urlsOf(error)
  const line = describe(error, 0)
  if (line.length <= scanLimit) return truncateText(redactText(line.replace(/\s+/g, ' ').trim(), urls), maxErrorTextLength)
  // Only the start is kept, so only the start is redacted (a 500 KB page of each of 2,000 chains adds up). A
  // key the cut went through no longer matches: its first part can only be at the very end, which is dropped.
  const redacted = redactText(line.slice(0, scanLimit).replace(/\s+/g, ' '), urls)
  return truncateText(redacted.slice(0, Math.max(0, redacted.length - longestSecretLength(urls))).trim(), maxErrorTextLength)
}

/** How much of a long description is redacted and considered: many times what is kept. */
const scanLimit = 16 * maxErrorTextLength

function describe(error: unknown, depth: number): string {
  if (error instanceof BaseError) {
    const status = error.walk((e) => typeof (e as { status?: unknown }).status === 'number') as { status?: number } | null
    const statusText = status?.status !== undefined && !error.shortMessage.includes(String(status.status)) ? ` HTTP ${status.status}` : ''
    const detailText = error.details ? readable(error.details) : ''
    const details = detailText && !error.shortMessage.includes(detailText) ? ` ${detailText}` : ''
    const url = 'url' in error && typeof error.url === 'string' ? ` (${error.url})` : ''
    return `${error.shortMessage}${statusText}${details}${url}`
  }
  if (error instanceof Error) {
    const line = error.message.split('\n')[0] || error.name
    return error.cause && depth < maxCauseDepth ? `${line}: ${describe(error.cause, depth + 1)}` : line
  }
  return String(error)
}

/** viem quotes a non-JSON error body as a JSON string; an HTML error page says the most in its title. */
function readable(details: string): string {
  let text = details
  if (text.startsWith('"')) {
    try {
      text = String(JSON.parse(text))
    } catch {
      // Not a JSON string after all (or cut short): keep it as it came.
    }
  }
  if (!/^\s*</.test(text)) return text
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.trim()
  return title || text.replace(/<(script|style)\b[^]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ')
}

/** Every request URL named along the cause chain: their key parts are scrubbed from the text too. */
function urlsOf(error: unknown): string[] {
  const urls: string[] = []
  let current: unknown = error
  for (let depth = 0; current instanceof Error && depth <= maxCauseDepth; depth++) {
    const url = (current as { url?: unknown }).url
    if (typeof url === 'string') urls.push(url)
    current = current.cause
  }
  return urls
}
