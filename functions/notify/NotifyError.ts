import { maxErrorTextLength, truncateText } from '../errors/truncateText.js'
import { WatchtowerError } from '../errors/WatchtowerError.js'

export interface NotifyErrorOptions {
  readonly chain?: string
  /** HTTP status, or the API's own error code where it mirrors one (Telegram `error_code`). */
  readonly status?: number
  /** The API's error identifier, e.g. Slack `invalid_auth`, Telegram `Bad Request: chat not found`. */
  readonly apiError?: string
  /** Seconds the API asked us to wait (HTTP 429). */
  readonly retryAfter?: number
  readonly details?: string
  /** Must already be free of secrets: see `redactError`. */
  readonly cause?: unknown
}

/** An alert could not be delivered on one channel. Messages never contain bot tokens. */
export class NotifyError extends WatchtowerError {
  override name = 'NotifyError'
  readonly channel: string
  readonly chain?: string
  readonly status?: number
  readonly apiError?: string
  readonly retryAfter?: number

  constructor(channel: string, shortMessage: string, options: NotifyErrorOptions = {}) {
    // Chat APIs' error texts come from the server: bounded before they reach logs and the outbox.
    super(truncateText(shortMessage, maxErrorTextLength), {
      ...(options.details !== undefined && { details: truncateText(options.details, maxErrorTextLength) }),
      cause: options.cause,
    })
    this.channel = channel
    if (options.chain !== undefined) this.chain = options.chain
    if (options.status !== undefined) this.status = options.status
    if (options.apiError !== undefined) this.apiError = truncateText(options.apiError, maxErrorTextLength)
    if (options.retryAfter !== undefined) this.retryAfter = options.retryAfter
  }
}
