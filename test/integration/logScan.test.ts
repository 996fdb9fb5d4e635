import { createPublicClient, http, type PublicClient } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCursorStore } from '../../functions/chains/createCursorStore.js'
import { findLatestLog, LogScanIncompleteError, type ResumableLogCursor } from '../../functions/chains/findLatestLog.js'
import { dataSubmittedV3Event } from '../../functions/chains/linea/abis.js'
import { createLineaAdapter } from '../../functions/chains/linea/createLineaAdapter.js'
import type { LogCursor } from '../../functions/chains/LogCursor.js'
import { validateConfig } from '../../functions/config/parseConfig.js'
import type { LineaChainConfig, WatchtowerConfig } from '../../functions/config/schema.js'
import { createDynamoStore } from '../../functions/store/createDynamoStore.js'
import { type EmbeddedTable, openEmbeddedTable } from '../../functions/store/openEmbeddedTable.js'
import type { Store } from '../../functions/store/Store.js'
import { runTick } from '../../functions/tick.js'
import { type Anvil, latestBlock, mineBlocks, startAnvil } from '../devnet/anvil.js'
import { deployLinea, type LineaDevnet } from '../devnet/lineaDevnet.js'
import { type RpcProxy, startRpcProxy } from '../devnet/rpcProxy.js'
import { stackChecks } from '../stackChecks.js'

const chainName = 'linea-devnet'

/** [fromBlock, toBlock] of every eth_getLogs call the proxy saw (tags would show as NaN). */
function logRanges(proxy: RpcProxy): [number, number][] {
  return proxy.requests
    .filter((request) => request.method === 'eth_getLogs')
    .map((request) => {
      const filter = (request.params as { fromBlock: string; toBlock: string }[])[0]!
      return [Number(filter.fromBlock), Number(filter.toBlock)]
    })
}

/** No retries: viem retries -32005 (limit exceeded) answers, which would blur the call counts. */
const testClient = (url: string) => createPublicClient({ transport: http(url, { retryCount: 0 }), cacheTime: 0 }) as PublicClient

describe('log scans resume from the stored cursor', () => {
  let l1: Anvil
  let l2: Anvil
  let proxy: RpcProxy
  let devnet: LineaDevnet
  let table: EmbeddedTable
  let store: Store
  let config: WatchtowerConfig
  let base: number
  let now: number
  const clock = () => now

  const tick = (adapter: ReturnType<typeof createLineaAdapter>) => runTick({ config, adapters: [adapter], store, channels: [], clock })
  /** A fresh adapter with its own cursor cache over the shared store: what a new Lambda container builds. */
  const newContainer = () => createLineaAdapter(config.chains[0] as LineaChainConfig, { cursors: createCursorStore(store, chainName, clock) })
  const submissionCursor = () => store.getCursor(chainName, `${devnet.lineaRollup}:DataSubmitted`)

  beforeAll(async () => {
    ;[l1, l2, table] = await Promise.all([startAnvil(), startAnvil({ slotsInAnEpoch: 4 }), openEmbeddedTable()])
    proxy = await startRpcProxy(l1.url)
    store = createDynamoStore(table)

    devnet = await deployLinea(l1)
    base = (await latestBlock(l1)).timestamp + 2000
    await devnet.finalize({ endBlock: 10n, timestamp: base - 1000 })
    await devnet.submitData({ timestamp: base - 500 })
    await mineBlocks(l1, 50, { timestamp: base - 490 })
    await mineBlocks(l2, 40, { timestamp: base - 78, interval: 2 })
    config = validateConfig({
      chains: [{ name: chainName, stack: 'linea', l1Rpc: [proxy.url], l2Rpc: [l2.url], contracts: { lineaRollup: devnet.lineaRollup } }],
    })
  })

  afterAll(async () => {
    await Promise.all([proxy?.stop(), table?.close()])
    await Promise.all([l1?.stop(), l2?.stop()])
  })

  it('first tick scans back from the head; the next covers only the blocks after the cursor; a new container resumes from the stored one', async () => {
    now = base + 5
    const head1 = (await latestBlock(l1)).number
    const first = await tick(newContainer())
    // No operators, no l2MessageService configured.
    expect(first.results.filter((r) => r.chain === chainName).map((r) => [r.check, r.status])).toEqual(
      stackChecks('linea', { without: ['operator-balance', 'deposits'] }).map((check) => [check, 'ok']),
    )
    // One chunk from the head down found both logs (the devnet is younger than the lookback).
    expect(logRanges(proxy)).toEqual([
      [0, head1],
      [0, head1],
    ])
    const stored = await submissionCursor()
    expect(stored).toMatchObject({ scannedTo: BigInt(head1), range: 10_000n, latest: { timestamp: base - 500, eventName: 'DataSubmittedV3' } })

    // Same container, five L1 blocks later: one call per scan over exactly those blocks.
    const container = newContainer()
    await tick(container)
    await mineBlocks(l1, 5, { timestamp: base + 10 })
    proxy.resetCounts()
    now = base + 20
    const second = await tick(container)
    expect(second.results.find((r) => r.check === 'sequencer-lag')).toMatchObject({ status: 'ok', value: 520 })
    expect(logRanges(proxy)).toEqual([
      [head1 + 1, head1 + 5],
      [head1 + 1, head1 + 5],
    ])
    // Only the scanned height moved: not written back yet (every few minutes), so the store still says head1.
    expect((await submissionCursor())?.scannedTo).toBe(BigInt(head1))

    // A new container (cold cache) starts from the stored cursor, not from the lookback.
    await mineBlocks(l1, 3, { timestamp: base + 30 })
    proxy.resetCounts()
    now = base + 40
    const third = await tick(newContainer())
    expect(logRanges(proxy)).toEqual([
      [head1 + 1, head1 + 8],
      [head1 + 1, head1 + 8],
    ])
    // The newest log came from the stored cursor, not from a rescan.
    expect(third.results.find((r) => r.check === 'sequencer-lag')).toMatchObject({ status: 'ok', value: 540 })
  })

  it('a new log is written back at once', async () => {
    const container = newContainer()
    now = base + 50
    await tick(container)
    const receipt = await devnet.submitData({ timestamp: base + 60 })
    now = base + 70
    await tick(container)
    expect(await submissionCursor()).toMatchObject({ scannedTo: receipt.blockNumber, latest: { blockNumber: receipt.blockNumber, timestamp: base + 60 } })
  })
  it('an unfinished scan is stored with its hole and comes back from the table as it was', async () => {
    const cursor: ResumableLogCursor = { scannedTo: 12_345n, range: 625n, hole: { from: 2_345n, to: 7_345n } }
    now = base + 80
    await createCursorStore(store, chainName, clock).put('unfinished', cursor)
    expect(await store.getCursor(chainName, 'unfinished')).toEqual(cursor)
  })
})

describe('log scans against a provider that caps eth_getLogs ranges', () => {
  let l1: Anvil
  let proxy: RpcProxy
  let devnet: LineaDevnet
  let client: PublicClient

  beforeAll(async () => {
    l1 = await startAnvil()
    proxy = await startRpcProxy(l1.url)
    client = testClient(proxy.url)
    devnet = await deployLinea(l1)
    // Block numbers are scaled down (anvil mines ~100-1000 blocks/s): ranges of 80 blocks capped at 10 stand
    // for a provider's 10,000 capped at 1,000.
    await mineBlocks(l1, 100)
  })
  afterAll(async () => {
    await proxy?.stop()
    await l1?.stop()
  })

  const scanSubmissions = (parameters: Partial<Parameters<typeof findLatestLog>[1]> & { head: bigint }) =>
    findLatestLog(client, { address: devnet.lineaRollup, events: [dataSubmittedV3Event], maxRange: 80n, ...parameters })

  it('the proxy refuses wide ranges the way providers do, and passes narrow ones', async () => {
    proxy.capLogRange(1000)
    try {
      const head = BigInt((await latestBlock(l1)).number)
      await expect(client.getLogs({ fromBlock: 0n, toBlock: head + 1000n })).rejects.toThrow(/query exceeds max block range 1000/)
      await expect(client.getLogs({ fromBlock: 0n, toBlock: 999n })).resolves.toEqual(expect.any(Array))
      // In a JSON-RPC batch, only the refused call fails.
      const batching = createPublicClient({ transport: http(proxy.url, { batch: true, retryCount: 0 }), cacheTime: 0 }) as PublicClient
      proxy.resetCounts()
      const [wide, narrow] = await Promise.allSettled([
        batching.getLogs({ fromBlock: 0n, toBlock: 2000n }),
        batching.getBlockNumber({ cacheTime: 0 }),
      ])
      expect(proxy.requestCount).toBe(1)
      expect(wide).toMatchObject({ status: 'rejected', reason: { details: 'query exceeds max block range 1000' } })
      expect(narrow).toEqual({ status: 'fulfilled', value: head })
    } finally {
      proxy.capLogRange(null)
    }
  })

  it('halves the range until the provider accepts it, finds a log 35 blocks back, and keeps the narrower range', async () => {
    const receipt = await devnet.submitData()
    await mineBlocks(l1, 35)
    const head = BigInt((await latestBlock(l1)).number)
    proxy.capLogRange(10)
    proxy.resetCounts()
    try {
      const found = await scanSubmissions({ head })
      expect(found.latest).toMatchObject({ blockNumber: receipt.blockNumber, eventName: 'DataSubmittedV3' })
      // 80 → 40 → 20 refused, 10 accepted from then on.
      expect(found.cursor).toMatchObject({ scannedTo: head, range: 10n })
      const ranges = logRanges(proxy)
      expect(ranges.map(([from, to]) => to - from + 1)).toEqual([80, 40, 20, 10, 10, 10, 10])
      expect(ranges.at(-1)![0]).toBeLessThanOrEqual(Number(receipt.blockNumber))
      expect(found.calls).toBe(7)

      // The next scan starts at the remembered range: no refusals, one call over the new blocks.
      await mineBlocks(l1, 5)
      proxy.resetCounts()
      const next = await scanSubmissions({ head: head + 5n, cursor: found.cursor })
      expect(logRanges(proxy)).toEqual([[Number(head) + 1, Number(head) + 5]])
      expect(next.latest?.blockNumber).toBe(receipt.blockNumber)
    } finally {
      proxy.capLogRange(null)
    }
  })

  it('a log further back than one scan can reach: each scan resumes where the last stopped, and finds it', async () => {
    const receipt = await devnet.submitData()
    await mineBlocks(l1, 100)
    const head = BigInt((await latestBlock(l1)).number)
    proxy.capLogRange(10)
    proxy.resetCounts()
    try {
      let cursor: LogCursor | undefined
      let found: Awaited<ReturnType<typeof findLatestLog>> | undefined
      const incomplete: LogScanIncompleteError[] = []
      for (let scan = 0; scan < 6 && !found; scan++) {
        try {
          found = await scanSubmissions({ head, cursor, maxCalls: 6 })
        } catch (error) {
          if (!(error instanceof LogScanIncompleteError)) throw error
          incomplete.push(error)
          cursor = error.cursor
        }
      }
      expect(found?.latest?.blockNumber).toBe(receipt.blockNumber)
      expect(found?.cursor).toEqual({ scannedTo: head, range: 10n, latest: found?.latest })
      // 6 calls a scan, 3 of the first spent on refusals: 30 blocks, then 60, then the log.
      expect(incomplete.map((error) => (error.cursor as ResumableLogCursor).hole?.to)).toEqual([head - 30n, head - 90n])
      expect(incomplete.map((error) => error.cursor.range)).toEqual([10n, 10n])
      expect(incomplete[0]!.message).toMatch(/log scan needs more than 6 eth_getLogs calls this tick: \d+ blocks left, resumes next tick/)
      // Newest blocks first, and no block scanned twice once the range was known.
      const accepted = logRanges(proxy).filter(([from, to]) => to - from + 1 <= 10)
      for (let i = 1; i < accepted.length; i++) expect(accepted[i]![1]).toBe(accepted[i - 1]![0] - 1)
    } finally {
      proxy.capLogRange(null)
    }
  })

  it('through the adapter: unknown while the scan catches up (never a guess), then the newest submission', async () => {
    const l2 = await startAnvil()
    try {
      await mineBlocks(l2, 5)
      const receipt = await devnet.submitData()
      const submittedAt = Number((await l1.rpc<{ timestamp: string }>('eth_getBlockByNumber', ['latest', false])).timestamp)
      await mineBlocks(l1, 140)
      proxy.capLogRange(10)
      const [chain] = validateConfig({
        chains: [
          {
            name: chainName,
            stack: 'linea',
            l1Rpc: [proxy.url],
            l2Rpc: [l2.url],
            contracts: { lineaRollup: devnet.lineaRollup },
            logScan: { maxRange: 80 },
          },
        ],
      }).chains
      const adapter = createLineaAdapter(chain as LineaChainConfig)
      const first = await adapter.observe(submittedAt + 60)
      expect(first.batches).toMatchObject({ ok: false, error: expect.stringMatching(/log scan needs more than 12 eth_getLogs calls/) })
      const second = await adapter.observe(submittedAt + 75)
      expect(second.batches).toEqual({ ok: true, value: { source: 'linea-submissions', lastBatchAt: submittedAt, alarms: [] } })
      expect(receipt.status).toBe('success')
    } finally {
      proxy.capLogRange(null)
      await l2.stop()
    }
  })

  it('a head behind the cursor (a lagging RPC) neither rescans nor moves the cursor back', async () => {
    const head = BigInt((await latestBlock(l1)).number)
    const cursor: LogCursor = { scannedTo: head, range: 625n, latest: { blockNumber: head - 5n, timestamp: 1, eventName: 'DataSubmittedV3', args: {} } }
    proxy.resetCounts()
    const result = await findLatestLog(client, { address: devnet.lineaRollup, events: [dataSubmittedV3Event], head: head - 3n, cursor })
    expect(result).toEqual({ latest: cursor.latest, cursor, calls: 0 })
    expect(proxy.requestCount).toBe(0)
  })

  it('a rate-limit answer fails the scan at once instead of narrowing the range', async () => {
    let calls = 0
    const limited = createPublicClient({
      transport: http(proxy.url, {
        fetchFn: async () => {
          calls++
          return new Response('Too Many Requests', { status: 429 })
        },
        retryCount: 0,
      }),
    }) as PublicClient
    const head = BigInt((await latestBlock(l1)).number)
    const scan = findLatestLog(limited, { address: devnet.lineaRollup, events: [dataSubmittedV3Event], head, cursor: { scannedTo: head - 5_000n, range: 2_000n } })
    await expect(scan).rejects.toThrow(/429|Too Many Requests/)
    expect(calls).toBe(1)
  })
})
