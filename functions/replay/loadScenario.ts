import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { WatchtowerError } from '../errors/WatchtowerError.js'
import { type Scenario, scenarioCrossReferences, scenarioSchema } from './scenarioSchema.js'

/** Where the bundled scenarios live (`replay/<name>.yaml` in the package). */
export const bundledScenarioDir = resolve(import.meta.dirname, '../../replay')

export interface ScenarioIssue {
  readonly path: string
  readonly message: string
}

/** Every problem of a scenario file, at once, each with its path. */
export class ScenarioError extends WatchtowerError {
  override name = 'ScenarioError'
  readonly issues: readonly ScenarioIssue[]

  constructor(source: string, issues: readonly ScenarioIssue[], options: { cause?: unknown } = {}) {
    super(`Invalid scenario ${source}: ${issues.length} problem${issues.length === 1 ? '' : 's'}`, {
      details: issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('\n'),
      cause: options.cause,
    })
    this.issues = issues
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '')
}

/** Names of the bundled scenarios, sorted. */
export function bundledScenarioNames(): string[] {
  return readdirSync(bundledScenarioDir)
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => basename(file, '.yaml'))
    .sort()
}

/** A path to a file, or the name of a bundled scenario. */
export function resolveScenarioPath(nameOrPath: string): string {
  if (existsSync(nameOrPath)) return resolve(nameOrPath)
  const bundled = resolve(bundledScenarioDir, `${nameOrPath}.yaml`)
  if (/^[a-z0-9][a-z0-9-]*$/.test(nameOrPath) && existsSync(bundled)) return bundled
  throw new ScenarioError(nameOrPath, [{ path: '', message: `no such file, and no bundled scenario of that name (have ${bundledScenarioNames().join(', ')})` }])
}

/** Validates a parsed scenario; throws one ScenarioError with every problem and its path. */
export function validateScenario(value: unknown, source = '(inline)'): Scenario {
  const result = scenarioSchema.safeParse(value)
  if (result.success) return result.data
  const seen = new Set<string>()
  const issues: ScenarioIssue[] = []
  // Cross-references are checked even when the structure is broken (zod skips refinements then): one round;
  // when zod did run them, the duplicates are dropped below.
  const crossReferences = scenarioCrossReferences(value).map((issue) => ({ ...issue, code: 'custom' as const }))
  for (const issue of [...result.error.issues, ...crossReferences]) {
    // An unknown event: say which events exist rather than zod's "no matching discriminator".
    const message = issue.code === 'invalid_union' && issue.path.at(-1) === 'do' ? `unknown event ${JSON.stringify(eventAt(value, issue.path))}` : issue.message
    const entry = { path: formatPath(issue.path), message }
    const key = `${entry.path}\n${entry.message}`
    if (!seen.has(key)) issues.push(entry)
    seen.add(key)
  }
  throw new ScenarioError(source, issues)
}

function eventAt(value: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined), value)
}

export function parseScenario(text: string, source = '(inline)'): Scenario {
  let raw: unknown
  try {
    raw = parseYaml(text, { prettyErrors: true })
  } catch (error) {
    throw new ScenarioError(source, [{ path: '', message: `not valid YAML: ${(error as Error).message}` }], { cause: error })
  }
  return validateScenario(raw, source)
}

/** Reads and validates a scenario file or bundled name. Nothing is started: errors come before any devnet. */
export function loadScenario(nameOrPath: string): { scenario: Scenario; path: string } {
  const path = resolveScenarioPath(nameOrPath)
  return { scenario: parseScenario(readFileSync(path, 'utf8'), path), path }
}
