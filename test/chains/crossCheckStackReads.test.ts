import { describe, expect, it } from 'vitest'
import { crossCheckStackReads, type EndpointHeads } from '../../functions/chains/crossCheckStackReads.js'
import type { L2Heads } from '../../functions/types.js'

const head = (hash: `0x${string}`): L2Heads['latest'] => ({ number: 100n, timestamp: 1_000, hash, parentHash: '0x01' })
const op = (label: string, originBlock: bigint | Error, hash: `0x${string}` = '0xaa'): EndpointHeads => ({
  label,
  heads: {
    latest: head(hash),
    l1Origin: originBlock instanceof Error ? { ok: false, error: originBlock.message } : { ok: true, value: { number: originBlock, timestamp: Number(originBlock) * 12 } },
  },
})

describe('crossCheckStackReads', () => {
  it('uses the oldest L1 origin of the endpoints on the believed head and names the ones further apart than a block mid-batch', () => {
    const { heads, divergent } = crossCheckStackReads(op('#1 liar', 500n), [op('#2 honest', 380n), op('#3 other head', 10n, '0xbb')])
    expect(heads.l1Origin).toEqual({ ok: true, value: { number: 380n, timestamp: 380 * 12 } })
    expect(divergent).toEqual(['RPCs disagree on the L1 origin at head #100: #1 liar says L1 block #500, #2 honest #380 (the older is used)'])
  })

  it('takes the older of two origins a block apart without calling it a disagreement', () => {
    const { heads, divergent } = crossCheckStackReads(op('#1', 381n), [op('#2', 380n)])
    expect(heads.l1Origin).toEqual({ ok: true, value: { number: 380n, timestamp: 380 * 12 } })
    expect(divergent).toEqual([])
  })

  it('fills a value the believed endpoint failed to read from another on the same head; alone, it keeps the failure', () => {
    expect(crossCheckStackReads(op('#1', new Error('eth_call timed out')), [op('#2', 380n)]).heads.l1Origin).toEqual({ ok: true, value: { number: 380n, timestamp: 4560 } })
    const alone = crossCheckStackReads(op('#1', new Error('eth_call timed out')), [op('#2', 380n, '0xbb')])
    expect(alone.heads.l1Origin).toEqual({ ok: false, error: 'eth_call timed out' })
    expect(alone.divergent).toEqual([])
  })

  it('uses the lowest anchored L1 message number (Linea) and names any disagreement', () => {
    const linea = (label: string, anchored: bigint): EndpointHeads => ({ label, heads: { latest: head('0xaa'), l1MessagesAnchored: { ok: true, value: anchored } } })
    const { heads, divergent } = crossCheckStackReads(linea('#1', 90n), [linea('#2', 75n), linea('#3', 90n)])
    expect(heads.l1MessagesAnchored).toEqual({ ok: true, value: 75n })
    expect(heads.l1Origin).toBeUndefined()
    expect(divergent).toEqual(['RPCs disagree on the anchored L1 messages at head #100: #1 says #90, #2 #75 (the lower is used)'])
  })
})
