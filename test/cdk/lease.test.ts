// The tick lease on dynalite (DynamoDB-compatible, in process): conditional PutItem, owner-only release.
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { acquireLease, releaseLease, tickLeaseKey } from '../../functions/lease/acquireLease.js'
import { createTableIfMissing } from '../../functions/store/createTableIfMissing.js'
import { startEmbeddedDynamo, type EmbeddedDynamo } from '../../functions/store/startEmbeddedDynamo.js'

let dynamo: EmbeddedDynamo
let client: DynamoDBClient
let table = ''
let counter = 0

beforeAll(async () => {
  dynamo = await startEmbeddedDynamo()
  client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  })
})

afterAll(async () => {
  client?.destroy()
  await dynamo?.close()
})

beforeEach(async () => {
  table = `lease-${++counter}`
  await createTableIfMissing(client, table)
})

const at = (ms: number) => () => ms

describe('acquireLease', () => {
  it('takes a free lease and stores owner, expiry and a TTL', async () => {
    const attempt = await acquireLease({ client, tableName: table, owner: 'req-1', durationMs: 60_000, now: at(1_000_000) })
    expect(attempt.acquired).toBe(true)
    if (!attempt.acquired) return
    expect(attempt.lease).toMatchObject({ owner: 'req-1', expiresAt: 1_060_000 })
    const { Item } = await client.send(
      new GetItemCommand({ TableName: table, Key: { pk: { S: tickLeaseKey.pk }, sk: { S: tickLeaseKey.sk } } }),
    )
    expect(Item).toMatchObject({
      pk: { S: 'LEASE' },
      sk: { S: 'tick' },
      owner: { S: 'req-1' },
      expiresAt: { N: '1060000' },
      ttl: { N: String(1060 + 3600) },
    })
  })

  it('refuses a second owner while the lease holds, and lets the holder re-acquire', async () => {
    await acquireLease({ client, tableName: table, owner: 'req-1', durationMs: 60_000, now: at(1_000_000) })
    const other = await acquireLease({ client, tableName: table, owner: 'req-2', durationMs: 60_000, now: at(1_030_000) })
    expect(other.acquired).toBe(false)
    if (!other.acquired && other.holder !== undefined) {
      // DynamoDB returns the item on a failed condition (dynalite may not): then it names the holder.
      expect(other.holder).toBe('req-1')
      expect(other.expiresAt).toBe(1_060_000)
    }
    const again = await acquireLease({ client, tableName: table, owner: 'req-1', durationMs: 60_000, now: at(1_030_000) })
    expect(again.acquired).toBe(true)
  })

  it('lets another owner take an expired lease (a crashed or timed-out holder)', async () => {
    await acquireLease({ client, tableName: table, owner: 'req-1', durationMs: 60_000, now: at(1_000_000) })
    const atExpiry = await acquireLease({ client, tableName: table, owner: 'req-2', durationMs: 60_000, now: at(1_060_000) })
    expect(atExpiry.acquired).toBe(false)
    const after = await acquireLease({ client, tableName: table, owner: 'req-2', durationMs: 60_000, now: at(1_060_001) })
    expect(after.acquired).toBe(true)
  })

  it('of many concurrent attempts exactly one wins', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        acquireLease({ client, tableName: table, owner: `req-${i}`, durationMs: 60_000, now: at(2_000_000) }),
      ),
    )
    expect(attempts.filter((attempt) => attempt.acquired)).toHaveLength(1)
  })

  it('releases only the owner’s own lease', async () => {
    const first = await acquireLease({ client, tableName: table, owner: 'req-1', durationMs: 60_000, now: at(1_000_000) })
    expect(await releaseLease({ client, tableName: table, owner: 'req-2' })).toBe(false)
    expect((await acquireLease({ client, tableName: table, owner: 'req-2', durationMs: 1, now: at(1_000_001) })).acquired).toBe(false)
    if (!first.acquired) throw new Error('first acquire failed')
    expect(await first.lease.release()).toBe(true)
    expect((await acquireLease({ client, tableName: table, owner: 'req-2', durationMs: 1, now: at(1_000_002) })).acquired).toBe(true)
    // Releasing again is harmless: the item now belongs to req-2.
    expect(await first.lease.release()).toBe(false)
  })

  it('rejects a non-positive duration and surfaces other errors', async () => {
    await expect(acquireLease({ client, tableName: table, owner: 'x', durationMs: 0 })).rejects.toThrow('lease duration must be positive')
    await expect(acquireLease({ client, tableName: 'no-such-table', owner: 'x', durationMs: 1000 })).rejects.toThrow()
  })
})

describe('a condition failure thrown by another copy of the SDK (bundles can hold two)', () => {
  // Not an instance of this copy's ConditionalCheckFailedException: only its name says what it is.
  const foreignFailure = () => Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException', Item: { owner: { S: 'req-9' }, expiresAt: { N: '5000' } } })
  const throwing = { send: async () => Promise.reject(foreignFailure()) } as unknown as DynamoDBClient

  it('is a lease held by someone else, not an error', async () => {
    await expect(acquireLease({ client: throwing, tableName: 'any', owner: 'req-1', durationMs: 1000, now: at(1000) })).resolves.toEqual({ acquired: false, holder: 'req-9', expiresAt: 5000 })
  })

  it('is a release of a lease that was not ours', async () => {
    await expect(releaseLease({ client: throwing, tableName: 'any', owner: 'req-1' })).resolves.toBe(false)
  })
})
