import { parse as parseYaml } from 'yaml'
import { ConfigError, type ConfigIssue } from './ConfigError.js'
import { configSchema, type WatchtowerConfig } from './schema.js'

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`
    return out ? `${out}.${String(key)}` : String(key)
  }, '')
}

/** Validates an already-parsed config object; throws one ConfigError listing every issue with its path. */
export function validateConfig(value: unknown, source = '(inline)'): WatchtowerConfig {
  const result = configSchema.safeParse(value)
  if (result.success) return result.data
  // Each problem once, even where two rules catch the same thing.
  const seen = new Set<string>()
  const issues: ConfigIssue[] = []
  for (const issue of result.error.issues) {
    const entry = { path: formatPath(issue.path), message: issue.message }
    const key = `${entry.path}\n${entry.message}`
    if (!seen.has(key)) issues.push(entry)
    seen.add(key)
  }
  throw new ConfigError(source, issues)
}

/** Parses YAML or JSON text (JSON is valid YAML) and validates it. */
export function parseConfig(text: string, source = '(inline)'): WatchtowerConfig {
  let raw: unknown
  try {
    raw = parseYaml(text, { prettyErrors: true })
  } catch (error) {
    throw new ConfigError(source, [{ path: '', message: `not valid YAML/JSON: ${(error as Error).message}` }], {
      cause: error,
    })
  }
  return validateConfig(raw, source)
}
