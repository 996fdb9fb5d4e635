import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import type { ChainConfig, WatchtowerConfig } from '../config/schema.js'
import { redactUrl } from '../rpc/redact.js'

/** The RPC URL lists a secret may replace, per chain. */
export const rpcUrlFields = ['l2Rpc', 'l1Rpc', 'opNodeRpc', 'settlementRpc'] as const
export type RpcUrlField = (typeof rpcUrlFields)[number]

/**
 * Contents of the optional `RpcUrls` secret: chain name → the URL lists that replace the config's, for
 * endpoints whose URL carries an API key (`https://eth-mainnet.g.alchemy.com/v2/KEY`). A bare array is
 * shorthand for `l2Rpc`. Example: `{"base": {"l2Rpc": ["https://…/KEY"], "l1Rpc": ["https://…/KEY"]}}`.
 */
export type RpcUrlOverrides = Readonly<Record<string, Partial<Record<RpcUrlField, readonly string[]>>>>

export interface Parsed<T> {
  readonly value: T
  /** One sentence each, never containing a URL's secret part. */
  readonly problems: readonly string[]
}

function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false
  try {
    const url = new URL(value)
    return url.protocol === 'https:' || url.protocol === 'http:'
  } catch {
    return false
  }
}

/** Parses the secret's JSON; skips (and reports) whatever is malformed instead of failing the watcher. */
export function parseRpcUrlOverrides(text: string | undefined, source = 'the RpcUrls secret'): Parsed<RpcUrlOverrides> {
  const trimmed = text?.trim() ?? ''
  if (trimmed === '' || trimmed === '{}') return { value: {}, problems: [] }
  let raw: unknown
  try {
    raw = JSON.parse(trimmed)
  } catch {
    // The parser's message may quote the text, i.e. the keys: say only where.
    return { value: {}, problems: [`${source} is not valid JSON; the config's RPC URLs are used`] }
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    return { value: {}, problems: [`${source} must be a JSON object: chain name → URLs; the config's RPC URLs are used`] }
  const problems: string[] = []
  const value: Record<string, Partial<Record<RpcUrlField, string[]>>> = {}
  for (const [chain, entry] of Object.entries(raw as Record<string, unknown>)) {
    if (!entry || typeof entry !== 'object') {
      problems.push(`${source}: "${chain}" must be a list of URLs or an object with l2Rpc/l1Rpc/opNodeRpc/settlementRpc lists`)
      continue
    }
    const lists: Record<string, unknown> = Array.isArray(entry) ? { l2Rpc: entry } : (entry as Record<string, unknown>)
    const chainOverrides: Partial<Record<RpcUrlField, string[]>> = {}
    for (const [field, list] of Object.entries(lists)) {
      if (!(rpcUrlFields as readonly string[]).includes(field)) {
        problems.push(`${source}: "${chain}.${field}" is not one of ${rpcUrlFields.join(', ')}; ignored`)
        continue
      }
      if (!Array.isArray(list) || list.length === 0 || !list.every(isHttpUrl)) {
        problems.push(`${source}: "${chain}.${field}" must be a non-empty list of http(s) URLs; ignored`)
        continue
      }
      chainOverrides[field as RpcUrlField] = list as string[]
    }
    if (Object.keys(chainOverrides).length > 0) value[chain] = chainOverrides
  }
  return { value, problems }
}

/** The config with each chain's RPC lists replaced where the overrides name them. */
export function applyRpcUrlOverrides(config: WatchtowerConfig, overrides: RpcUrlOverrides): Parsed<WatchtowerConfig> {
  const problems: string[] = []
  const known = new Set(config.chains.map((chain) => chain.name))
  for (const chain of Object.keys(overrides))
    if (!known.has(chain)) problems.push(`the RpcUrls secret names chain "${chain}", which is not in the config; ignored`)
  const chains = config.chains.map((chain): ChainConfig => {
    const replacement = overrides[chain.name]
    if (!replacement) return chain
    const next: Record<string, unknown> = { ...chain }
    for (const field of rpcUrlFields) {
      const urls = replacement[field]
      if (!urls) continue
      if (field === 'l1Rpc' && chain.stack === 'evm' && !chain.l1Rpc) {
        // Harmless, but say so: plain EVM chains read nothing from L1.
        problems.push(`the RpcUrls secret sets ${chain.name}.l1Rpc, which an evm chain does not use`)
      }
      if (field === 'settlementRpc' && chain.stack !== 'zksync') {
        // Only ZK chains settle on another layer; the key would not pass the config schema.
        problems.push(`the RpcUrls secret sets ${chain.name}.settlementRpc, which only a zksync chain uses; ignored`)
        continue
      }
      next[field] = [...urls]
    }
    return next as ChainConfig
  })
  return { value: { ...config, chains }, problems }
}

/** Reads the secret once (per container) and applies it; a missing or unreadable secret leaves the config as is. */
export async function loadRpcUrlOverrides(
  config: WatchtowerConfig,
  secretId: string | undefined,
  client: SecretsManagerClient = new SecretsManagerClient({}),
): Promise<Parsed<WatchtowerConfig>> {
  if (!secretId) return { value: config, problems: [] }
  let text: string | undefined
  try {
    ;({ SecretString: text } = await client.send(new GetSecretValueCommand({ SecretId: secretId })))
  } catch (error) {
    return { value: config, problems: [`cannot read the RpcUrls secret: ${(error as Error).name}; the config's RPC URLs are used`] }
  }
  const parsed = parseRpcUrlOverrides(text)
  const applied = applyRpcUrlOverrides(config, parsed.value)
  return { value: applied.value, problems: [...parsed.problems, ...applied.problems] }
}

/** For logs: which endpoints a chain uses, keys hidden. */
export function describeRpcUrls(chain: ChainConfig): string {
  return rpcUrlFields
    .map((field) => {
      const urls = (chain as Partial<Record<RpcUrlField, readonly string[]>>)[field]
      return urls ? `${field}: ${urls.map(redactUrl).join(', ')}` : undefined
    })
    .filter((part) => part !== undefined)
    .join('; ')
}

/**
 * Heuristic used at synth: does this URL look like it carries an API key (a long opaque path segment, or a
 * key-like query parameter)? Such URLs belong in the RpcUrls secret, not in the bundled config.
 */
export function looksLikeKeyedUrl(url: string): boolean {
  try {
    const parsed = new URL(url)
    if (parsed.username || parsed.password) return true
    for (const name of parsed.searchParams.keys()) if (/key|token|secret|auth/i.test(name)) return true
    return parsed.pathname.split('/').some((segment) => /^[A-Za-z0-9_-]{20,}$/.test(segment))
  } catch {
    return false
  }
}
