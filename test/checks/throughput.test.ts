import { describe, expect, it } from 'vitest'
import { rememberThroughput, type ThroughputMemory } from '../../functions/chains/rememberThroughput.js'
import { defaultThresholds } from '../../functions/checks/defaultThresholds.js'
import { throughput } from '../../functions/checks/throughput.js'
import type { L2Heads, Observation } from '../../functions/types.js'

const now = 1_800_000_000
const thresholds = defaultThresholds['op-stack']
const heads = (number: number, transactions: number): L2Heads => ({ latest: { number: BigInt(number), timestamp: now, hash: '0x01', transactions, gasUsed: 21_000n * BigInt(transactions) } })

/** Blocks every `step` s with these transaction counts (OP Stack: the first is the L1 attributes deposit). */
function run(counts: number[], { step = 300, stack = 'op-stack' as Observation['stack'] } = {}) {
  let memory: ThroughputMemory | undefined
  let verdict
  counts.forEach((count, i) => {
    const at = now + i * step
    const remembered = rememberThroughput(heads(100 + i, count), stack, memory, at)
    memory = remembered.memory ?? memory
    const observation: Observation = { chain: 'op-mainnet', stack, l2: { ok: true, value: heads(100 + i, count) }, ...(remembered.observation ? { throughput: { ok: true, value: remembered.observation } } : {}) }
    verdict = throughput(observation, thresholds, at)
  })
  return verdict!
}

describe('throughput (pure)', () => {
  it("an OP block of only the L1 attributes deposit is empty; the baseline builds for an hour first", () => {
    expect(run([1])).toMatchObject({ status: 'ok', value: null, details: { userTransactions: 0 }, reason: expect.stringContaining('building the baseline') })
  })

  it('empty blocks after a normal hour: warn once the 10-min average is under 20 % of the baseline, never crit', () => {
    const normal = Array(14).fill(11) // 10 user transactions per block for 65 min
    expect(run(normal).status).toBe('ok')
    expect(run([...normal, 1, 1]).status).toBe('ok') // 10 min of empty blocks: a blip
    const quiet = run([...normal, 1, 1, 1, 1])
    expect(quiet).toMatchObject({ status: 'warn', unit: '%', threshold: { warn: 20, crit: 0 } })
    expect(quiet.reason).toMatch(/^blocks keep coming but carry little: /)
    expect(run([...normal, ...Array(40).fill(1)]).status).toBe('warn')
  })

  it('a chain that is always quiet is not judged; one block sampled once per head', () => {
    expect(run(Array(20).fill(1)).reason).toContain('a quiet chain')
    const memory: ThroughputMemory = { baseline: 5, recent: 5, at: now, since: now - 7200, block: 100 }
    expect(rememberThroughput(heads(100, 1), 'op-stack', memory, now + 60).memory).toBeUndefined()
  })

  it('an unreadable L2 is unknown', () => {
    expect(throughput({ chain: 'c', stack: 'evm', l2: { ok: false, error: 'down' }, throughput: { ok: false, error: 'down' } }, thresholds, now)?.status).toBe('unknown')
  })
})
