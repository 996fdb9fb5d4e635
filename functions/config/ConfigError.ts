import { WatchtowerError } from '../errors/WatchtowerError.js'

export interface ConfigIssue {
  /** Dotted path into the config, e.g. `chains[0].thresholds.liveness.warn`. */
  readonly path: string
  readonly message: string
}

/** Every problem in a config file, reported at once. */
export class ConfigError extends WatchtowerError {
  override name = 'ConfigError'
  readonly issues: readonly ConfigIssue[]
  readonly source: string

  constructor(source: string, issues: readonly ConfigIssue[], options: { cause?: unknown } = {}) {
    super(`Invalid config ${source}: ${issues.length} problem${issues.length === 1 ? '' : 's'}`, {
      details: issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('\n'),
      cause: options.cause,
    })
    this.issues = issues
    this.source = source
  }
}
