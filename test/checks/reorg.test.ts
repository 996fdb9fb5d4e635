import { describe, expect, it } from 'vitest'
import { compareHistory, recheckHeights, type SeenHeads } from '../../functions/chains/compareHistory.js'
import { type HeadMemory, reorgHoldSeconds, rememberHead } from '../../functions/chains/rememberHead.js'
import { defaultThresholds } from '../../functions/checks/defaultThresholds.js'
import { reorg } from '../../functions/checks/reorg.js'
import type { BlockRef, L2Heads, Observation, RecheckedBlock } from '../../functions/types.js'

const now = 1_800_000_000
const thresholds = defaultThresholds['op-stack']
const hash = (label: string) => `0x${label.padEnd(64, '0')}` as `0x${string}`
const block = (number: number, label: string, parent: string): BlockRef => ({ number: BigInt(number), timestamp: now, hash: hash(label), parentHash: hash(parent) })
const again = (number: number, label: string | null, parent = 'p'): RecheckedBlock => ({ number: BigInt(number), hash: label === null ? null : hash(label), parentHash: hash(parent) })

// Seen last tick: head #100 (parent 99a), safe #96, finalized #92.
const seen: SeenHeads = {
  latest: { number: 100, hash: hash('100a'), parentHash: hash('99a') },
  safe: { number: 96, hash: hash('96a') },
  finalized: { number: 92, hash: hash('92a') },
}
const heads = (latest: BlockRef, rechecked: RecheckedBlock[]): L2Heads => ({
  latest,
  safe: block(98, '98a', '97a'),
  finalized: block(94, '94a', '93a'),
  rechecked,
})
const observation = (l2: L2Heads): Observation => ({ chain: 'op-mainnet', stack: 'op-stack', l2: { ok: true, value: l2 } })
const memory = (partial: Partial<HeadMemory> = {}): HeadMemory => ({ chain: 'op-mainnet', number: 100, hash: hash('100a'), timestamp: now - 10, firstSeenAt: now - 10, seen, version: 3, ...partial })

describe('compareHistory (pure)', () => {
  it('re-reads the latest, safe and finalized heights seen, once each', () => {
    expect(recheckHeights(seen)).toEqual([100n, 96n, 92n])
    expect(recheckHeights({ latest: { number: 5, hash: '0x1' }, safe: { number: 5, hash: '0x1' } })).toEqual([5n])
    expect(recheckHeights(undefined)).toEqual([])
  })

  it('an intact history is no finding', () => {
    const result = compareHistory(seen, heads(block(104, '104a', '103a'), [again(100, '100a', '99a'), again(96, '96a'), again(92, '92a')]))
    expect(result).toEqual({ compared: 3 })
  })

  it('the head block replaced, its parent unchanged: unsafe reorg, depth exactly 1', () => {
    const result = compareHistory(seen, heads(block(100, '100b', '99a'), [again(100, '100b', '99a'), again(96, '96a'), again(92, '92a')]))
    expect(result.finding).toMatchObject({ kind: 'unsafe', depth: 1, exact: true, height: 100 })
    expect(result.finding?.detail).toMatch(/^unsafe reorg 1 block deep: block #100 was 0x100a0000…, is now 0x100b0000…/)
  })

  it('the head block and its parent replaced, safe intact: unsafe, 2–4 blocks deep', () => {
    const result = compareHistory(seen, heads(block(103, '103b', '102b'), [again(100, '100b', '99b'), again(96, '96a'), again(92, '92a')]))
    expect(result.finding).toMatchObject({ kind: 'unsafe', depth: 2, exact: false })
    expect(result.finding?.detail).toContain('2–4 blocks deep (#96 unchanged)')
  })

  it('a block at the safe head seen replaced: reorg below the safe head; at the finalized one: finalized history changed', () => {
    const belowSafe = compareHistory(seen, heads(block(103, '103b', '102b'), [again(100, '100b'), again(96, '96b'), again(92, '92a')]))
    expect(belowSafe.finding).toMatchObject({ kind: 'safe', height: 96, depth: 5 })
    expect(belowSafe.finding?.detail).toMatch(/^reorg below the safe head: block #96/)
    const finalized = compareHistory(seen, heads(block(103, '103b', '102b'), [again(100, '100b'), again(96, '96b'), again(92, '92b')]))
    expect(finalized.finding).toMatchObject({ kind: 'finalized', height: 92 })
    expect(finalized.finding?.detail).toMatch(/^finalized history changed: block #92/)
  })

  it('a head that went back: stale backend when the block seen is still there or the head is its parent, else a shorter chain', () => {
    const stillThere = compareHistory(seen, heads(block(97, '97a', '96a'), [again(100, '100a', '99a'), again(96, '96a'), again(92, '92a')]))
    expect(stillThere.finding).toMatchObject({ kind: 'stale-backend', depth: 3 })
    expect(stillThere.finding?.detail).toContain('looks like a stale backend, not a reorg')
    const parent = compareHistory(seen, heads({ ...block(99, '99a', '98a') }, [again(100, null), again(96, '96a'), again(92, '92a')]))
    expect(parent.finding).toMatchObject({ kind: 'stale-backend', depth: 1 })
    const gone = compareHistory(seen, heads(block(98, '98c', '97c'), [again(100, null), again(96, '96a'), again(92, '92a')]))
    expect(gone.finding).toMatchObject({ kind: 'shorter-chain', depth: 2 })
    expect(gone.finding?.detail).toContain('a reorg to a shorter chain, or a stale backend')
  })

  it('a failed re-read of the head seen is an error, not a clean history', () => {
    const result = compareHistory(seen, heads(block(104, '104a', '103a'), [{ number: 100n, hash: null, error: 'HTTP 503' }, again(96, '96a'), again(92, '92a')]))
    expect(result.finding).toBeUndefined()
    expect(result.error).toContain('cannot re-read block #100: HTTP 503')
  })
})

describe('reorg through the head memory and the check', () => {
  const judge = (l2: L2Heads, remembered: HeadMemory | undefined, at = now) => {
    const result = rememberHead(observation(l2), remembered, at)
    return { ...result, verdict: reorg(result.observation, thresholds, at)! }
  }

  it('first look: ok, remembering the heads; the next batch re-reads them', () => {
    const { verdict, memory } = judge({ latest: block(100, '100a', '99a'), safe: block(96, '96a', '95a') }, undefined)
    expect(verdict).toMatchObject({ status: 'ok', value: 0, unit: 'blocks' })
    expect(memory?.seen).toEqual({ latest: { number: 100, hash: hash('100a'), parentHash: hash('99a') }, safe: { number: 96, hash: hash('96a') } })
  })

  it('the head replaced at the same height is warn (depth 1), written to the store and held for an hour, then ok', () => {
    const replaced = judge(heads(block(100, '100b', '99a'), [again(100, '100b', '99a'), again(96, '96a'), again(92, '92a')]), memory())
    expect(replaced.verdict).toMatchObject({ status: 'warn', value: 1 })
    expect(replaced.verdict.reason).toMatch(/^unsafe reorg 1 block deep: block #100/)
    expect(replaced.memory?.reorg).toMatchObject({ kind: 'unsafe', at: now })
    expect(replaced.memory?.seen?.latest.hash).toBe(hash('100b'))

    const later = judge(heads(block(110, '110b', '109b'), [again(100, '100b', '99a'), again(98, '98a'), again(94, '94a')]), replaced.memory, now + 600)
    expect(later.verdict).toMatchObject({ status: 'warn', value: 1 })
    expect(later.verdict.reason).toContain('(10 min ago)')
    const over = judge(heads(block(120, '120b', '119b'), [again(110, '110b', '109b'), again(98, '98a'), again(94, '94a')]), later.memory, now + reorgHoldSeconds)
    expect(over.verdict.status).toBe('ok')
  })

  it('below safe is crit whatever the depth threshold', () => {
    const { verdict } = judge(heads(block(103, '103b', '102b'), [again(100, '100b'), again(96, '96b'), again(92, '92a')]), memory())
    expect(verdict).toMatchObject({ status: 'crit', details: { kind: 'safe', height: 96 } })
  })

  it('a stale backend keeps the heads seen as the reference (no baseline from the stale answer)', () => {
    const stale = judge(heads(block(97, '97a', '96a'), [again(100, '100a', '99a'), again(96, '96a'), again(92, '92a')]), memory())
    expect(stale.verdict.status).toBe('warn')
    expect(stale.memory?.seen?.latest.number ?? 100).toBe(100)
  })

  it('a failed re-read is unknown; a failed L2 read is unknown', () => {
    const failed = judge(heads(block(104, '104a', '103a'), [{ number: 100n, hash: null, error: 'HTTP 503' }, again(96, '96a'), again(92, '92a')]), memory())
    expect(failed.verdict.status).toBe('unknown')
    const down = rememberHead({ chain: 'op-mainnet', stack: 'op-stack', l2: { ok: false, error: 'down' } }, memory(), now)
    expect(reorg(down.observation, thresholds, now)?.status).toBe('unknown')
  })
})
