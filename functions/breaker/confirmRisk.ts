import { createAdapter } from '../chains/createAdapter.js'
import type { ChainAdapter } from '../chains/ChainAdapter.js'
import type { BreakerActionConfig } from '../config/breakerSchema.js'
import type { ChainConfig } from '../config/schema.js'
import { resolveThresholds } from '../checks/defaultThresholds.js'
import { runChecks } from '../checks/runChecks.js'
import { describeError } from '../rpc/describeError.js'
import { redactUrl } from '../rpc/redact.js'
import type { CheckName, Verdict } from '../types.js'
import { agreementNeeded, atOrAbove, rpcSideOf } from './policy.js'

export interface Confirmation {
  /** Checks that enough independent RPCs agree on, with the agreeing endpoints (redacted). */
  readonly confirmed: ReadonlyMap<CheckName, readonly string[]>
  /** Per check, why it was not confirmed: `1 of 2 RPCs agree (…)`. */
  readonly rejected: ReadonlyMap<CheckName, string>
}

/**
 * "Two independent RPCs agree": re-observes the chain once per RPC URL, with the stack's own adapter built for
 * that URL alone (and the same pure checks and thresholds as the tick), and counts the URLs whose verdict is at
 * or above the severity. A check needs two agreeing URLs where the chain lists two or more on the side the check
 * reads (L2 for liveness and lag, L1 for state roots), else one. Adapters are kept per URL for the process.
 */
export class RiskConfirmer {
  private readonly adapters = new Map<string, ChainAdapter>()

  constructor(private readonly options: { readonly createAdapter?: (chain: ChainConfig) => ChainAdapter } = {}) {}

  private adapterFor(chain: ChainConfig, l2Url: string, l1Url: string | undefined): ChainAdapter {
    const key = `${chain.name} ${l2Url} ${l1Url ?? ''}`
    let adapter = this.adapters.get(key)
    if (!adapter) {
      const single = { ...chain, l2Rpc: [l2Url], ...(l1Url ? { l1Rpc: [l1Url] } : {}) } as ChainConfig
      adapter = (this.options.createAdapter ?? createAdapter)(single)
      this.adapters.set(key, adapter)
    }
    return adapter
  }

  async confirm(
    chain: ChainConfig,
    action: Pick<BreakerActionConfig, 'severity'>,
    checks: readonly CheckName[],
    now: number,
  ): Promise<Confirmation> {
    const l2Urls = [...new Set(chain.l2Rpc)]
    const l1Urls = 'l1Rpc' in chain && chain.l1Rpc ? [...new Set(chain.l1Rpc)] : []
    const needs = (check: CheckName) => agreementNeeded(rpcSideOf(check) === 'l1' ? l1Urls.length : l2Urls.length)
    const confirmed = new Map<CheckName, string[]>()
    const rejected = new Map<CheckName, string>()

    // A single RPC on the check's side: the tick's own verdict (which brought us here) is all there is.
    for (const check of checks) if (needs(check) === 1) confirmed.set(check, [])
    const toProbe = checks.filter((check) => needs(check) > 1)
    if (toProbe.length === 0) return { confirmed, rejected }

    // One probe per URL of the longer list, pairing URLs by index (cycling the shorter list).
    const probes = Math.max(l2Urls.length, l1Urls.length, 1)
    const verdicts = await Promise.all(
      Array.from({ length: probes }, async (_, i) => {
        const l2Url = l2Urls[i % l2Urls.length]!
        const l1Url = l1Urls.length ? l1Urls[i % l1Urls.length] : undefined
        try {
          const adapter = this.adapterFor(chain, l2Url, l1Url)
          const observation = await adapter.observe(now)
          const results = runChecks(observation, resolveThresholds(chain.stack, chain.thresholds, observation.parameters), now)
          return { l2Url, l1Url, results, error: undefined }
        } catch (error) {
          return { l2Url, l1Url, results: [] as Verdict[], error: describeError(error) }
        }
      }),
    )

    for (const check of toProbe) {
      const side = rpcSideOf(check)
      const agreeing = new Set<string>()
      const seen = new Set<string>()
      for (const probe of verdicts) {
        const url = side === 'l1' ? probe.l1Url : probe.l2Url
        if (!url) continue
        const verdict = probe.results.find((v) => v.check === check)
        seen.add(`${redactUrl(url)}: ${verdict ? verdict.status : `no verdict${probe.error ? ` (${probe.error})` : ''}`}`)
        // Distinct URLs, not probes: a URL reused by cycling the shorter list must not count twice.
        if (verdict && atOrAbove(verdict.status, action.severity)) agreeing.add(url)
      }
      const needed = needs(check)
      if (agreeing.size >= needed) confirmed.set(check, [...agreeing].map(redactUrl))
      else rejected.set(check, `${agreeing.size} of ${needed} required RPCs agree (${[...seen].join('; ')})`)
    }
    return { confirmed, rejected }
  }
}
