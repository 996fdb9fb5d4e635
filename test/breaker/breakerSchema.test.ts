import { z } from 'zod'
import { describe, expect, it } from 'vitest'
import { breakerSchema, validateBreakerReferences } from '../../functions/config/breakerSchema.js'

const target = { address: '0x00000000000000000000000000000000000000aa' }
const action = { name: 'pause-perps-op', chain: 'op-mainnet', checks: ['liveness', 'sequencer-lag'], target }

function issues(input: unknown): string[] {
  const result = breakerSchema.safeParse(input)
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
}

function references(breaker: unknown, chains: { name: string; stack: string; l1Rpc?: string[]; contracts?: Record<string, unknown> }[]): string[] {
  const found: string[] = []
  validateBreakerReferences({ chains, breaker: breakerSchema.parse(breaker) }, { addIssue: (i) => found.push(`${i.path.join('.')}: ${i.message}`) })
  return found
}

describe('breaker config', () => {
  it('fills the documented defaults', () => {
    const parsed = breakerSchema.parse({ actions: [action] })
    expect(parsed.mode).toBe('shadow')
    expect(parsed.readiness).toEqual({ everyTicks: 5, minBalance: '0.01' })
    expect(parsed.send).toMatchObject({ receiptTimeoutSeconds: 30, maxReplacements: 1, feeBumpPercent: 30, maxAttempts: 3 })
    expect(parsed.actions[0]).toMatchObject({
      severity: 'crit',
      grace: 3600,
      target: { chain: 'l2', function: 'pause()', pausedView: 'paused()', unpause: 'unpause()' },
    })
    expect(parsed.actions[0]?.route).toBeUndefined() // resolved per stack at run time
  })

  it('takes the issue’s example as written', () => {
    const parsed = breakerSchema.parse({
      mode: 'armed',
      signer: { kms: { keyId: 'arn:aws:kms:eu-west-1:111122223333:key/abcd' } },
      actions: [
        {
          name: 'pause-perps-op',
          chain: 'op-mainnet',
          checks: ['liveness', 'sequencer-lag'],
          severity: 'crit',
          for: 3,
          target: { chain: 'l2', address: '0x00000000000000000000000000000000000000aa', function: 'pause()', pausedView: 'paused()' },
          route: 'direct',
          grace: 3600,
        },
      ],
    })
    expect(parsed.signer).toEqual({ kms: { keyId: 'arn:aws:kms:eu-west-1:111122223333:key/abcd' } })
  })

  it('refuses secrets and bad values, with paths', () => {
    expect(issues({ mode: 'loud' })).toEqual([expect.stringMatching(/^mode: /)])
    expect(issues({ signer: { privateKeyEnv: '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80' } })[0]).toMatch(/signer/)
    expect(issues({ actions: [{ ...action, checks: [] }] })).toEqual(['actions.0.checks: list at least one check'])
    expect(issues({ actions: [{ ...action, checks: ['liveness', 'liveness'] }] })).toEqual(['actions.0.checks: lists a check twice'])
    expect(issues({ actions: [{ ...action, checks: ['vibes'] }] })[0]).toMatch(/^actions\.0\.checks\.0/)
    expect(issues({ actions: [{ ...action, target: { address: '0x12' } }] })[0]).toMatch(/actions\.0\.target\.address: must be a 0x-prefixed/)
    expect(issues({ actions: [{ ...action, target: { ...target, function: 'pause' } }] })[0]).toMatch(/actions\.0\.target\.function/)
    expect(issues({ actions: [action, action] })).toEqual(['actions.1.name: duplicate action name "pause-perps-op" (also actions[0])'])
    expect(issues({ mode: 'armed', actions: [action] })).toEqual(['signer: armed mode needs a signer (kms: { keyId } or privateKeyEnv)'])
    expect(issues({ actions: [{ ...action, route: 'l1-inbox', target: { ...target, chain: 'l1' } }] })[0]).toMatch(/target\.chain must be l2/)
    expect(issues({ readiness: { minBalance: 'lots' } })[0]).toMatch(/readiness\.minBalance/)
    expect(issues({ signer: { kms: {} } })[0]).toMatch(/signer/)
    expect(issues({ signer: { kms: { keyId: 'alias/x', keyIdEnv: 'KEY' } } })[0]).toMatch(/signer/)
    expect(issues({ signer: { kms: { keyIdEnv: 'WATCHTOWER_BREAKER_KMS_KEY_ID' } } })).toEqual([])
    expect(issues({ actions: [{ ...action, target: { ...target, function: 'setPaused(bool)', args: [true], pausedView: false } }] })).toEqual([])
  })

  it('cross-references chains, target chains and inboxes', () => {
    const op = { name: 'op-mainnet', stack: 'op-stack', l1Rpc: ['https://l1'], contracts: { systemConfig: '0x1' } }
    const evm = { name: 'side', stack: 'evm' }
    const arb = { name: 'arb', stack: 'arbitrum', l1Rpc: ['https://l1'], contracts: { bridge: '0x2' } }
    expect(references({ actions: [action] }, [op])).toEqual([])
    expect(references({ actions: [{ ...action, chain: 'nope' }] }, [op])).toEqual(['breaker.actions.0.chain: no configured chain is named "nope"'])
    expect(references({ actions: [{ ...action, target: { ...target, chain: 'elsewhere' } }] }, [op])).toEqual([
      'breaker.actions.0.target.chain: must be l2, l1 or a configured chain name; no chain is named "elsewhere"',
    ])
    expect(references({ actions: [{ ...action, target: { ...target, chain: 'side' } }] }, [op, evm])).toEqual([])
    expect(references({ actions: [{ ...action, chain: 'side', target: { ...target, chain: 'l1' } }] }, [op, evm])[0]).toMatch(/has no l1Rpc/)
    expect(references({ actions: [{ ...action, chain: 'side', route: 'both' }] }, [op, evm])[0]).toMatch(/supported on op-stack and arbitrum chains, not evm/)
    expect(references({ actions: [{ ...action, chain: 'arb', route: 'l1-inbox' }] }, [arb])[0]).toMatch(/breaker\.actions\.0\.inbox: .*delayed Inbox/)
    expect(references({ actions: [{ ...action, chain: 'arb', route: 'l1-inbox', inbox: '0x00000000000000000000000000000000000000bb' }] }, [arb])).toEqual([])
    expect(references({ actions: [{ ...action, route: 'both' }] }, [{ ...op, contracts: { l2OutputOracle: '0x3' } }])[0]).toMatch(/needs the OptimismPortal/)
  })

  it('plugs into a config schema as configSchema will use it: optional section, superRefine, JSON Schema', () => {
    const host = z
      .object({
        chains: z.array(z.object({ name: z.string(), stack: z.string(), l1Rpc: z.array(z.string()).optional() })),
        breaker: breakerSchema.optional(),
      })
      .superRefine((config, ctx) => validateBreakerReferences(config, ctx))
    expect(host.safeParse({ chains: [{ name: 'op-mainnet', stack: 'evm' }] }).success).toBe(true)
    const bad = host.safeParse({ chains: [{ name: 'op-mainnet', stack: 'evm' }], breaker: { actions: [{ ...action, chain: 'base' }] } })
    expect(bad.success ? [] : bad.error.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['breaker.actions.0.chain', 'no configured chain is named "base"']])
    const json = JSON.stringify(z.toJSONSchema(host, { io: 'input', unrepresentable: 'any' }))
    expect(json).toContain('privateKeyEnv')
    expect(json).toContain('pausedView')
  })
})
