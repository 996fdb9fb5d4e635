import { encodeFunctionResult, toFunctionSelector } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createL2Reader } from '../../functions/chains/createL2Reader.js'
import { l1BlockAbi, l1BlockAddress } from '../../functions/chains/op-stack/abis.js'
import { type Anvil, latestBlock, mineBlocks, startAnvil } from '../devnet/anvil.js'
import { installL1Block } from '../devnet/opStackDevnet.js'
import { type RpcProxy, startRpcProxy } from '../devnet/rpcProxy.js'

/** Several L2 RPCs of one chain: which side is believed, and how endpoints are named (issue 10 item 2). */
describe('several L2 RPCs: the truthful side wins', () => {
  let moving: Anvil
  let frozen: Anvil
  let proxy: RpcProxy
  let t0: number

  beforeAll(async () => {
    t0 = Math.floor(Date.now() / 1000)
    ;[moving, frozen] = await Promise.all([startAnvil({ noMining: true, timestamp: t0 - 100 }), startAnvil({ noMining: true, timestamp: t0 - 100 })])
    // `frozen` serves a higher head with a plausible, fresh timestamp, and never moves again.
    await Promise.all([mineBlocks(moving, 3, { timestamp: t0 - 3 }), mineBlocks(frozen, 40, { timestamp: t0 - 40 })])
    proxy = await startRpcProxy(moving.url)
  })

  afterAll(async () => {
    await Promise.all([proxy?.stop(), moving?.stop(), frozen?.stop()])
  })

  it('an endpoint whose head number has not advanced loses against one that keeps producing (remembered between reads)', async () => {
    const reader = createL2Reader({ l2Rpc: [frozen.url, moving.url] })
    const first = await reader.read({ withSafeTags: false, now: t0 })
    expect(first.heads.latest.number).toBe(40n) // nothing known yet: the higher head of two current ones
    expect(first.agreement?.divergent).toEqual([])

    // 90 s later `moving` made new blocks, `frozen` still serves #40 (its timestamp alone would look 90 s old too).
    await mineBlocks(moving, 2, { timestamp: t0 + 88 })
    const later = await reader.read({ withSafeTags: false, now: t0 + 90 })
    expect(later.heads.latest.number).toBe(5n)
    expect(later.agreement?.divergent).toEqual([expect.stringMatching(/^#1 127\.0\.0\.1:\d+ is stuck/)])
  })

  it('a head stamped in the future is not trusted, even when it is the only fresh-looking one', async () => {
    const liar = await startAnvil({ noMining: true, timestamp: t0 + 3000 })
    try {
      await mineBlocks(liar, 2, { timestamp: t0 + 3600 })
      const head = await latestBlock(moving)
      const reader = createL2Reader({ l2Rpc: [liar.url, moving.url] })
      const { heads, agreement } = await reader.read({ withSafeTags: true, now: head.timestamp + 600 })
      expect(heads.latest.number).toBe(BigInt(head.number))
      expect(agreement?.divergent).toEqual([expect.stringMatching(/^#1 127\.0\.0\.1:\d+ serves head #2 stamped \d+ min in the future \(not trusted\)$/)])
    } finally {
      await liar.stop()
    }
  })

  it('endpoints sharing a host are named apart (#1, #2), with the keys in their paths redacted', async () => {
    const host = new URL(proxy.url).host
    const reader = createL2Reader({ l2Rpc: [`${proxy.url}/v2/key-one`, `${proxy.url}/v2/key-two`], rpcTimeoutMs: 2000 })
    proxy.setDown('503')
    try {
      const error = await reader.read({ withSafeTags: false, now: t0 }).then(
        () => undefined,
        (e: Error) => e.message,
      )
      expect(error).toMatch(new RegExp(`^all 2 L2 RPCs failed: #1 ${host.replace('.', '\\.')}/\\*\\*\\*: .*; #2 ${host.replace('.', '\\.')}/\\*\\*\\*: `))
      expect(error).not.toMatch(/key-one|key-two/)
    } finally {
      proxy.setDown(false)
    }
  })
})

/** The values that ride in the head batch are asked of every endpoint too, so one RPC cannot fake a current L1 view. */
describe('several L2 RPCs: the L1 origin is compared across endpoints on the same head', () => {
  let l2: Anvil
  let liar: RpcProxy
  let honest: RpcProxy

  beforeAll(async () => {
    l2 = await startAnvil({ noMining: true })
    ;[liar, honest] = await Promise.all([startRpcProxy(l2.url), startRpcProxy(l2.url)])
    await installL1Block(l2, { number: 380, timestamp: 4_560 }) // a stale origin: the sequencer lost its L1 view
    await mineBlocks(l2, 2)
    // The liar answers the L1Block predeploy with a fresh origin, over the same head as the honest endpoint.
    const fresh = { number: encodeFunctionResult({ abi: l1BlockAbi, functionName: 'number', result: 500n }), timestamp: encodeFunctionResult({ abi: l1BlockAbi, functionName: 'timestamp', result: 6_000n }) }
    liar.rewriteResults((call, result) => {
      const [tx] = call.method === 'eth_call' ? (call.params as [{ to?: string; data?: string; input?: string }]) : []
      if (tx?.to?.toLowerCase() !== l1BlockAddress.toLowerCase()) return undefined
      const data = tx.data ?? tx.input ?? ''
      if (data.startsWith(toFunctionSelector('number()'))) return { result: fresh.number }
      if (data.startsWith(toFunctionSelector('timestamp()'))) return { result: fresh.timestamp }
      return { result }
    })
  })

  afterAll(async () => {
    await Promise.all([liar?.stop(), honest?.stop()])
    await l2?.stop()
  })

  it('uses the older origin and names the disagreement, whichever endpoint comes first, in one request per endpoint', async () => {
    const now = (await latestBlock(l2)).timestamp
    for (const order of [[liar, honest], [honest, liar]]) {
      liar.resetCounts()
      honest.resetCounts()
      const reader = createL2Reader({ l2Rpc: order.map((proxy) => proxy.url) })
      const { heads, agreement } = await reader.read({ withSafeTags: true, withL1Origin: true, now })
      expect(heads.l1Origin).toEqual({ ok: true, value: { number: 380n, timestamp: 4_560 } })
      const [liarLabel, honestLabel] = order[0] === liar ? ['#1', '#2'] : ['#2', '#1']
      expect(agreement?.divergent).toEqual([
        expect.stringMatching(new RegExp(`^RPCs disagree on the L1 origin at head #2: ${liarLabel} 127\\.0\\.0\\.1:\\d+ says L1 block #500, ${honestLabel} 127\\.0\\.0\\.1:\\d+ #380 \\(the older is used\\)$`)),
      ])
      expect([liar.requestCount, honest.requestCount]).toEqual([1, 1])
    }
  })
})
