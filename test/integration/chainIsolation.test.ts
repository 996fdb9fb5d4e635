import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChainAdapter } from '../../functions/chains/ChainAdapter.js'
import { chainDeadlineMs } from '../../functions/chains/observeWithDeadline.js'
import { maxReasonLength } from '../../functions/checks/boundVerdict.js'
import { validateConfig } from '../../functions/config/parseConfig.js'
import { createDynamoStore } from '../../functions/store/createDynamoStore.js'
import { type EmbeddedTable, openEmbeddedTable } from '../../functions/store/openEmbeddedTable.js'
import { runTick } from '../../functions/tick.js'

/**
 * The tick's own guards, with adapters standing in for what no request timeout catches: one stuck for good, one
 * whose failure text is a 500 KB page. The store is dynalite, which refuses items over 400 KB as DynamoDB does.
 */
describe('one chain cannot hold or sink the tick', () => {
  let table: EmbeddedTable
  beforeAll(async () => {
    table = await openEmbeddedTable()
  })
  afterAll(() => table?.close())

  it('reports a chain past its deadline unknown and a huge error reason cut short, while the healthy chain is ok', async () => {
    const config = validateConfig({
      chains: [
        { name: 'stuck', stack: 'evm', l2Rpc: ['http://127.0.0.1:1/'], rpcTimeoutMs: 200 },
        { name: 'noisy', stack: 'evm', l2Rpc: ['http://127.0.0.1:2/'] },
        { name: 'healthy', stack: 'evm', l2Rpc: ['http://127.0.0.1:3/'] },
      ],
    })
    const [stuck, noisy, healthy] = config.chains as [(typeof config.chains)[number], (typeof config.chains)[number], (typeof config.chains)[number]]
    const now = 1_800_000_000
    const adapters: ChainAdapter[] = [
      { chain: stuck, observe: () => new Promise(() => {}) },
      { chain: noisy, observe: async () => ({ chain: 'noisy', stack: 'evm', l2: { ok: false, error: `<html>${'x'.repeat(500_000)}</html>` } }) },
      {
        chain: healthy,
        observe: async () => ({ chain: 'healthy', stack: 'evm', l2: { ok: true, value: { latest: { number: 100n, timestamp: now - 2, hash: `0x${'ab'.repeat(32)}` } } } }),
      },
    ]
    const store = createDynamoStore({ tableName: table.tableName, client: table.client })

    const started = Date.now()
    const result = await runTick({ config, adapters, store, channels: [], clock: () => now })
    const elapsedMs = Date.now() - started

    const verdict = (chain: string, check: string) => result.results.find((r) => r.chain === chain && r.check === check)
    expect(verdict('healthy', 'liveness')?.status).toBe('ok')
    expect(verdict('stuck', 'liveness')).toMatchObject({ status: 'unknown', reason: expect.stringContaining(`timed out after ${chainDeadlineMs(stuck)} ms`) })
    expect(verdict('noisy', 'liveness')?.status).toBe('unknown')
    expect(elapsedMs).toBeLessThan(chainDeadlineMs(stuck) + 3_000)

    const states = await store.getCheckStates()
    expect(states.get('healthy#liveness')?.status).toBe('ok')
    expect(states.get('noisy#liveness')?.reason.length).toBeLessThanOrEqual(maxReasonLength)
    expect(await store.getHeartbeat()).toMatchObject({ at: now, chains: 3, counts: { ok: expect.any(Number), unknown: expect.any(Number) } })
  })
})
