/** Base error, in viem's style: a short message, optional details and the underlying cause. */
export class WatchtowerError extends Error {
  override name = 'WatchtowerError'
  readonly shortMessage: string
  readonly details?: string

  constructor(shortMessage: string, options: { details?: string; cause?: unknown } = {}) {
    super(options.details ? `${shortMessage}\n\nDetails: ${options.details}` : shortMessage, { cause: options.cause })
    this.shortMessage = shortMessage
    if (options.details !== undefined) this.details = options.details
  }
}
