import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDynamoStore } from '../../functions/store/createDynamoStore.js'
import { createTableIfMissing } from '../../functions/store/createTableIfMissing.js'
import { type EmbeddedDynamo, startEmbeddedDynamo } from '../../functions/store/startEmbeddedDynamo.js'
import type { CheckState } from '../../functions/store/Store.js'
import { heartbeatVerdictLimit, toHeartbeat } from '../../functions/store/toHeartbeat.js'
import { checkNames } from '../../functions/types.js'

const state = (partial: Partial<CheckState> = {}): CheckState => ({
  chain: 'op-mainnet',
  check: 'liveness',
  status: 'crit',
  since: 1000,
  streak: 1,
  value: 300,
  unit: 's',
  reason: 'no new L2 block for 5 min',
  threshold: { warn: 30, crit: 120 },
  updatedAt: 1000,
  version: 1,
  ...partial,
})

async function openStore(server: EmbeddedDynamo) {
  const client = new DynamoDBClient({ endpoint: server.endpoint, region: 'local', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } })
  await createTableIfMissing(client, 'watchtower')
  return { client, store: createDynamoStore({ tableName: 'watchtower', client }) }
}

describe('DynamoDB store on dynalite', () => {
  let server: EmbeddedDynamo
  beforeAll(async () => {
    server = await startEmbeddedDynamo()
  })
  afterAll(() => server.close())

  it('claims a first write once: a concurrent writer of the same version loses', async () => {
    const { store } = await openStore(server)
    const results = await Promise.all([store.putCheckState(state(), undefined), store.putCheckState(state({ reason: 'other' }), undefined)])
    expect(results.filter(Boolean)).toHaveLength(1)
    const stored = (await store.getCheckStates()).get('op-mainnet#liveness')
    expect(stored?.version).toBe(1)
  })

  it('updates only against the version it read', async () => {
    const { store } = await openStore(server)
    await store.putCheckState(state({ check: 'sequencer-lag' }), undefined)
    expect(await store.putCheckState(state({ check: 'sequencer-lag', status: 'ok', version: 2 }), 1)).toBe(true)
    expect(await store.putCheckState(state({ check: 'sequencer-lag', status: 'warn', version: 2 }), 1)).toBe(false)
    expect((await store.getCheckStates()).get('op-mainnet#sequencer-lag')).toMatchObject({ status: 'ok', version: 2 })
  })

  it('keeps the heartbeat as a summary', async () => {
    const { store } = await openStore(server)
    expect(await store.getHeartbeat()).toBeUndefined()
    const verdict = { chain: 'base', check: 'liveness', status: 'crit', value: 400, unit: 's', reason: 'stalled', threshold: { warn: 30, crit: 120 } } as const
    await store.putHeartbeat(toHeartbeat({ at: 1234, durationMs: 56, results: [verdict, { ...verdict, check: 'sequencer-lag', status: 'ok' }] }))
    expect(await store.getHeartbeat()).toMatchObject({ at: 1234, durationMs: 56, chains: 1, counts: { ok: 1, crit: 1 }, notOk: [verdict], omitted: 0 })
  })

  it('keeps 2,000 chains × every check failing with long reasons in one heartbeat item (DynamoDB caps items at 400 KB)', async () => {
    const { store } = await openStore(server)
    const reason = `cannot read the L2 head: ${'x'.repeat(600)}`
    const results = Array.from({ length: 2_000 }, (_, i) =>
      checkNames.map((check) => ({ chain: `chain-${i}`, check, status: 'unknown' as const, value: null, unit: 's' as const, reason, threshold: { warn: 1, crit: 2 } })),
    ).flat()
    const heartbeat = toHeartbeat({ at: 1, durationMs: 1, results })
    expect(JSON.stringify(heartbeat).length).toBeLessThan(64_000)
    await store.putHeartbeat(heartbeat)
    expect(await store.getHeartbeat()).toMatchObject({ chains: 2_000, counts: { unknown: results.length }, omitted: results.length - heartbeatVerdictLimit })
  })
})

describe('embedded store persistence', () => {
  it('keeps data under the state dir across restarts', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'watchtower-state-'))
    try {
      const first = await startEmbeddedDynamo({ stateDir })
      const a = await openStore(first)
      await a.store.putCheckState(state({ chain: 'base' }), undefined)
      a.client.destroy()
      await first.close()

      const second = await startEmbeddedDynamo({ stateDir })
      const b = await openStore(second)
      expect((await b.store.getCheckStates()).get('base#liveness')).toMatchObject({ status: 'crit', since: 1000 })
      b.client.destroy()
      await second.close()
    } finally {
      rmSync(stateDir, { recursive: true, force: true })
    }
  })
})
