import { describe, expect, it } from 'vitest'
import { createNewestRootMemo, type RootVerification } from '../../functions/chains/createNewestRootMemo.js'

const claimed = `0x${'ab'.repeat(32)}` as const
const root = (key: string, postedAt = 1_000) => ({ key, subject: `game ${key}`, claimed, postedAt })
const match: RootVerification = { kind: 'result', value: { subject: 'game a', claimed, computed: claimed, outcome: 'match' } }

describe('createNewestRootMemo', () => {
  it('verifies a root once, then repeats the result without asking again', async () => {
    const memo = createNewestRootMemo()
    let asked = 0
    const verify = async () => (asked++, match)
    expect(await memo.observe(root('a'), 1_010, verify)).toEqual({ ok: true, value: match.value })
    expect(await memo.observe(root('a'), 1_020, verify)).toEqual({ ok: true, value: match.value })
    expect(asked).toBe(1)
    expect(memo.verifying).toBe(true)
  })

  it('says an unservable root once, then leaves the check out until the next root', async () => {
    const memo = createNewestRootMemo()
    const once: RootVerification = { kind: 'once', value: { subject: 'game a', claimed, outcome: 'unverifiable', detail: 'pruned' } }
    expect(await memo.observe(root('a'), 1_010, async () => once)).toMatchObject({ ok: true, value: { outcome: 'unverifiable' } })
    expect(await memo.observe(root('a'), 1_020, async () => once)).toBeUndefined()
    expect(memo.verifying).toBe(false)
    expect(await memo.observe(root('b'), 1_030, async () => match)).toMatchObject({ ok: true, value: { outcome: 'match' } })
  })

  it('retries a failed read next tick; a block missing past the grace is a mismatch that stays', async () => {
    const memo = createNewestRootMemo(3_600)
    expect(await memo.observe(root('a'), 1_010, async () => Promise.reject(new Error('connection refused')))).toEqual({ ok: false, error: 'connection refused' })
    const missing: RootVerification = { kind: 'missing', detail: 'the L2 has no block #9', l2Block: 9n }
    expect(await memo.observe(root('a'), 1_000 + 3_599, async () => missing)).toBeUndefined()
    const crit = await memo.observe(root('a'), 1_000 + 3_600, async () => missing)
    expect(crit).toEqual({ ok: true, value: { subject: 'game a', l2Block: 9n, claimed, outcome: 'mismatch', detail: 'the L2 has no block #9' } })
    expect(await memo.observe(root('a'), 9_999, async () => match)).toEqual(crit)
  })

  it('a half-done verification shows the previous root\'s result, and is asked to finish next tick', async () => {
    const memo = createNewestRootMemo()
    await memo.observe(root('a'), 1_010, async () => match)
    const pending: RootVerification = { kind: 'pending' }
    expect(await memo.observe(root('b'), 1_020, async () => pending)).toEqual({ ok: true, value: match.value })
    const mismatch: RootVerification = { kind: 'result', value: { subject: 'game b', claimed, computed: `0x${'cd'.repeat(32)}`, outcome: 'mismatch' } }
    expect(await memo.observe(root('b'), 1_030, async () => mismatch)).toEqual({ ok: true, value: mismatch.value })
    expect(await memo.observe(root('b'), 1_040, async () => match)).toEqual({ ok: true, value: mismatch.value })
  })
})
