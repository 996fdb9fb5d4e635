import { describe, expect, it } from 'vitest'
import { type HeadMemory, headResetAfterSeconds, rememberHead } from '../../functions/chains/rememberHead.js'
import { defaultThresholds, deriveThresholds, resolveThresholds } from '../../functions/checks/defaultThresholds.js'
import { liveness } from '../../functions/checks/liveness.js'
import type { BlockRef, Observation } from '../../functions/types.js'

const t0 = 1_800_000_000
const thresholds = defaultThresholds['op-stack'] // liveness 30 s / 120 s
const block = (number: bigint, timestamp: number, hash: `0x${string}` = '0x01'): BlockRef => ({ number, timestamp, hash })
const observe = (latest: BlockRef, blockTimeSeconds?: number): Observation => ({
  chain: 'op-mainnet',
  stack: 'op-stack',
  l2: { ok: true, value: { latest } },
  ...(blockTimeSeconds !== undefined ? { parameters: { blockTimeSeconds } } : {}),
})

/** Runs ticks at the given times against one memory, as the tick does with the store; returns each verdict. */
function ticks(steps: readonly { at: number; latest: BlockRef; blockTimeSeconds?: number }[]) {
  let memory: HeadMemory | undefined
  return steps.map(({ at, latest, blockTimeSeconds }) => {
    const remembered = rememberHead(observe(latest, blockTimeSeconds), memory, at)
    if (remembered.memory) {
      expect(remembered.expectedVersion).toBe(memory?.version)
      memory = remembered.memory
    }
    return { verdict: liveness(remembered.observation, thresholds, at), remembered, memory: memory! }
  })
}

describe('wall-clock liveness (head memory)', () => {
  it('a frozen head stamped an hour ahead warns at once and is crit once its number has not moved for crit', () => {
    const liar = block(500n, t0 + 3600)
    const [first, second, third] = ticks([
      { at: t0, latest: liar },
      { at: t0 + 60, latest: liar },
      { at: t0 + 130, latest: liar },
    ])
    expect(first!.verdict).toMatchObject({ status: 'warn', value: 0 })
    expect(first!.verdict.reason).toMatch(/in the future/)
    expect(first!.verdict.details).toMatchObject({ timestampAheadBy: 3600, headUnchangedFor: 0 })
    expect(second!.verdict).toMatchObject({ status: 'warn', value: 60 })
    expect(third!.verdict).toMatchObject({ status: 'crit', value: 130 })
    expect(third!.verdict.reason).toMatch(/no new L2 block for 2 min \(last #500\): block production stalled; its timestamp is 57 min in the future/)
    // Nothing changed after the first sighting: no write per tick.
    expect(second!.remembered.memory).toBeUndefined()
  })

  it('an advancing honest chain stays ok, and the memory follows the head', () => {
    const results = ticks([
      { at: t0, latest: block(100n, t0 - 1) },
      { at: t0 + 15, latest: block(107n, t0 + 13) },
      { at: t0 + 30, latest: block(115n, t0 + 29) },
    ])
    expect(results.map((r) => r.verdict.status)).toEqual(['ok', 'ok', 'ok'])
    expect(results[2]!.memory).toMatchObject({ number: 115, firstSeenAt: t0 + 30, version: 3 })
  })

  it('a head that goes backwards is reported, and liveness keeps counting from the higher one', () => {
    const results = ticks([
      { at: t0, latest: block(200n, t0 - 1) },
      { at: t0 + 10, latest: block(198n, t0 + 9) },
      { at: t0 + 40, latest: block(199n, t0 + 39) },
      { at: t0 + 50, latest: block(201n, t0 + 49) },
    ])
    expect(results[1]!.verdict.status).toBe('warn')
    expect(results[1]!.verdict.reason).toMatch(/the head went backwards from #200 to #198/)
    // #199 is "higher" than #198 but not than #200: flipping between old heads never looks fresh.
    expect(results[2]!.verdict).toMatchObject({ status: 'warn', value: 40 })
    expect(results[3]!.verdict.status).toBe('ok')
    expect(results[3]!.memory.behindSince).toBeUndefined()
  })

  it('accepts a lower head as the new baseline after it has stayed below for an hour (chain reset)', () => {
    const results = ticks([
      { at: t0, latest: block(5000n, t0) },
      { at: t0 + 10, latest: block(3n, t0 + 10) },
      { at: t0 + 10 + headResetAfterSeconds, latest: block(1800n, t0 + 9 + headResetAfterSeconds) },
    ])
    expect(results[1]!.verdict.status).toBe('warn')
    expect(results[2]!.memory).toMatchObject({ number: 1800, firstSeenAt: t0 + 10 + headResetAfterSeconds })
    expect(results[2]!.verdict.status).toBe('ok')
  })

  it('a halt does not stretch the block time: a larger measurement is braked, a smaller one is taken at once', () => {
    const results = ticks([
      { at: t0, latest: block(100n, t0), blockTimeSeconds: 2 },
      // After a 3-minute halt the safe→latest window spans it: 25.4 s per block measured.
      { at: t0 + 200, latest: block(101n, t0 + 199), blockTimeSeconds: 25.4 },
      { at: t0 + 215, latest: block(108n, t0 + 214), blockTimeSeconds: 25.4 },
      { at: t0 + 600, latest: block(300n, t0 + 599), blockTimeSeconds: 2.1 },
    ])
    const blockTimes = results.map((r) => r.remembered.observation.parameters?.blockTimeSeconds)
    expect(blockTimes[0]).toBe(2)
    expect(blockTimes[1]).toBeLessThan(2.01)
    expect(blockTimes[2]).toBeLessThan(2.01)
    expect(blockTimes[3]).toBeLessThan(2.02)
    const derived = resolveThresholds('op-stack', undefined, results[2]!.remembered.observation.parameters).liveness
    expect(derived).toEqual({ warn: 30, crit: 120 })
  })

  it('a failed read changes nothing', () => {
    const memory: HeadMemory = { chain: 'op-mainnet', number: 9, hash: '0x01', timestamp: t0, firstSeenAt: t0, version: 4 }
    const remembered = rememberHead({ chain: 'op-mainnet', stack: 'op-stack', l2: { ok: false, error: 'down' } }, memory, t0 + 5)
    expect(remembered.memory).toBeUndefined()
    expect(liveness(remembered.observation, thresholds, t0 + 5).status).toBe('unknown')
  })
})

describe('derived thresholds are bounded', () => {
  it('one safe block with an old timestamp cannot derive a liveness threshold of days', () => {
    // 20,000 s per block measured: the unbounded rule gave a 300,000 s warn, so a 10-minute stall read OK.
    expect(deriveThresholds({ blockTimeSeconds: 20_000 }, 'op-stack').liveness).toEqual({ warn: 60, crit: 300 })
    const observation = observe(block(7n, t0 - 600))
    expect(liveness(observation, resolveThresholds('op-stack', undefined, { blockTimeSeconds: 20_000 }), t0).status).toBe('crit')
  })

  it('the 3-minute-halt measurement is clamped too, and tiny values meet the floors', () => {
    expect(deriveThresholds({ blockTimeSeconds: 25.4 }, 'op-stack').liveness).toEqual({ warn: 60, crit: 300 })
    expect(deriveThresholds({ blockTimeSeconds: 0.25 }, 'arbitrum').liveness).toEqual({ warn: 10, crit: 30 })
    expect(deriveThresholds({ forceInclusionWindowSeconds: 60 }, 'op-stack').sequencerLag).toEqual({ warn: 300, crit: 900 })
    expect(deriveThresholds({ forceInclusionWindowSeconds: 30 * 86400 }, 'scroll').sequencerLag).toEqual({ warn: 7200, crit: 21600 })
    expect(deriveThresholds({ finalityPeriodSeconds: 365 * 86400 }, 'zksync').stateRootFinalized).toEqual({ warn: 2 * 86400, crit: 3 * 86400 })
  })

  it('values inside the bounds are kept, and explicit config still wins', () => {
    expect(deriveThresholds({ blockTimeSeconds: 2, forceInclusionWindowSeconds: 12 * 3600, finalityPeriodSeconds: 7 * 86400 }, 'op-stack')).toEqual({
      liveness: { warn: 30, crit: 120 },
      sequencerLag: { warn: 1800, crit: 3600 },
      stateRootFinalized: { warn: 907_200, crit: 1_209_600 },
    })
    expect(resolveThresholds('op-stack', { liveness: { warn: 5000, crit: 90000 } }, { blockTimeSeconds: 20_000 }).liveness).toEqual({ warn: 5000, crit: 90000 })
  })
})
