import { BaseError } from 'viem'
import { redactText } from './redact.js'

/**
 * One short, redacted line for an RPC failure: viem's shortMessage plus the innermost cause, without
 * request bodies or version banners.
 */
export function describeError(error: unknown): string {
  if (error instanceof BaseError) {
    const details = error.details && !error.shortMessage.includes(error.details) ? ` ${error.details}` : ''
    const url = 'url' in error && typeof error.url === 'string' ? ` (${error.url})` : ''
    return redactText(`${error.shortMessage}${details}${url}`.replace(/\s+/g, ' ').trim())
  }
  if (error instanceof Error) {
    const line = redactText(error.message.split('\n')[0] ?? error.name)
    return error.cause ? `${line}: ${describeError(error.cause)}` : line
  }
  return redactText(String(error))
}
