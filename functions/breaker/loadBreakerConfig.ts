import { readFileSync } from 'node:fs'
import { parse as parseYaml } from 'yaml'
import { ConfigError, type ConfigIssue } from '../config/ConfigError.js'
import { breakerSchema, validateBreakerReferences } from '../config/breakerSchema.js'
import { validateConfig } from '../config/parseConfig.js'
import type { ChainConfig } from '../config/schema.js'
import type { BreakerHostConfig } from './createBreaker.js'

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '')
}

/**
 * A config file for the breaker's commands: the watchtower config (validated by the main schema, without the
 * breaker section) plus the `breaker` section (its own schema and cross-references). Every problem at once.
 */
export function loadBreakerHostConfig(path: string): BreakerHostConfig & { chains: ChainConfig[] } {
  let raw: unknown
  try {
    raw = parseYaml(readFileSync(path, 'utf8'), { prettyErrors: true })
  } catch (error) {
    throw new ConfigError(path, [{ path: '', message: `cannot read: ${(error as Error).message}` }], { cause: error })
  }
  const { breaker: breakerInput, ...rest } = (raw ?? {}) as Record<string, unknown>
  const issues: ConfigIssue[] = []
  let base: ReturnType<typeof validateConfig> | undefined
  try {
    base = validateConfig(rest, path)
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    issues.push(...error.issues)
  }
  const parsed = breakerSchema.safeParse(breakerInput ?? { mode: 'off' })
  if (!parsed.success) issues.push(...parsed.error.issues.map((issue) => ({ path: formatPath(['breaker', ...issue.path]), message: issue.message })))
  if (base && parsed.success)
    validateBreakerReferences({ chains: base.chains, breaker: parsed.data }, { addIssue: (issue) => issues.push({ path: formatPath(issue.path), message: issue.message }) })
  if (issues.length > 0 || !base || !parsed.success) throw new ConfigError(path, issues)
  return { chains: base.chains as ChainConfig[], notify: base.notify, ...(breakerInput === undefined ? {} : { breaker: parsed.data }) }
}
