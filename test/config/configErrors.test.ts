import { describe, expect, it } from 'vitest'
import { ConfigError } from '../../functions/config/ConfigError.js'
import { validateConfig } from '../../functions/config/parseConfig.js'

function issuesOf(value: unknown): string[] {
  try {
    validateConfig(value)
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((issue) => `${issue.path}: ${issue.message}`)
    throw error
  }
  return []
}

// Optimism's SystemConfig, checksummed; and the same with one letter's case flipped.
const checksummed = '0x229047fed2591dbec1eF1118d64F7aF3dB9EB290'
const mistyped = '0x229047Fed2591dbec1eF1118d64F7aF3dB9EB290'
const opChain = (name: string, systemConfig: string) => ({ name, stack: 'op-stack', l2Rpc: ['https://l2.example'], l1Rpc: ['https://l1.example'], contracts: { systemConfig } })

describe('config validation', () => {
  it('accepts checksummed and single-case addresses; a mixed-case address failing EIP-55 is reported with its path', () => {
    expect(issuesOf({ chains: [opChain('a', checksummed), opChain('b', checksummed.toLowerCase()), opChain('c', `0x${checksummed.slice(2).toUpperCase()}`)] })).toEqual([])
    expect(issuesOf({ chains: [opChain('a', mistyped)] })).toEqual([`chains[0].contracts.systemConfig: "${mistyped}" fails its EIP-55 checksum (a mistyped address?); copy it again from the chain's docs`])
  })

  it('reports every problem in one round, structural and cross-reference alike, each once', () => {
    const issues = issuesOf({
      chains: [
        { name: 'a', stack: 'evm', l2Rpc: ['not-a-url'] },
        { ...opChain('a', mistyped), thresholds: { liveness: { warn: 10, crit: 5 } } },
      ],
      notify: { slack: { channel: '#alerts', chains: ['nowhere'] } },
      breaker: { mode: 'shadow', actions: [{ name: 'pause', chain: 'ghost' }] },
    })
    expect(issues).toEqual(
      expect.arrayContaining([
        'chains[0].l2Rpc[0]: must be an http(s) URL',
        expect.stringMatching(/^chains\[1\]\.contracts\.systemConfig: .*EIP-55/),
        'chains[1].thresholds.liveness.warn: warn must be lower than crit',
        'chains[1].name: duplicate chain name "a" (also chains[0])',
        'notify.slack.chains[0]: no configured chain is named "nowhere"',
        'breaker.actions[0].chain: no configured chain is named "ghost"',
      ]),
    )
    expect(new Set(issues).size).toBe(issues.length)
  })
})
