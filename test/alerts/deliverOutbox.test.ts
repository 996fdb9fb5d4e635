import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deliverOutbox } from '../../functions/alerts/deliverOutbox.js'
import type { OutboxEntry } from '../../functions/alerts/OutboxEntry.js'
import type { Channel } from '../../functions/notify/Channel.js'
import { createDynamoStore } from '../../functions/store/createDynamoStore.js'
import { createTableIfMissing } from '../../functions/store/createTableIfMissing.js'
import { type EmbeddedDynamo, startEmbeddedDynamo } from '../../functions/store/startEmbeddedDynamo.js'
import type { Status, StatusChange } from '../../functions/types.js'

const change = (check: 'liveness' | 'sequencer-lag', status: Status): StatusChange => ({
  kind: 'open',
  verdict: { chain: 'base', check, status, value: 200, unit: 's', reason: `${check} ${status}`, threshold: { warn: 30, crit: 120 } },
  previous: 'ok',
  since: 1000,
})

const entry = (id: string, change: StatusChange, createdAt: number, notBefore: number): OutboxEntry => ({
  id,
  channel: 'slack',
  chain: 'base',
  kind: 'alert',
  change,
  createdAt,
  notBefore,
  expiresAt: createdAt + 86400,
  attempts: 0,
  nextAttemptAt: createdAt,
})

describe('deliverOutbox group wait', () => {
  let server: EmbeddedDynamo
  beforeAll(async () => {
    server = await startEmbeddedDynamo()
  })
  afterAll(() => server.close())

  async function openStore(tableName: string) {
    const client = new DynamoDBClient({ endpoint: server.endpoint, region: 'local', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } })
    await createTableIfMissing(client, tableName)
    return createDynamoStore({ tableName, client })
  }
  const recorder = () => {
    const messages: string[][] = []
    const channel: Channel = {
      name: 'slack',
      send: async (changes) => {
        messages.push(changes.map((c) => `${c.verdict.check}:${c.verdict.status}`))
        return undefined
      },
    }
    return { messages, channels: [{ channel }] }
  }

  it('a warn waits out the group wait; a crit of the chain queued behind it is due at once and takes the warn along in one message', async () => {
    const store = await openStore('group-wait')
    const { messages, channels } = recorder()
    await store.putOutboxEntry(entry('base#sequencer-lag#v2', change('sequencer-lag', 'warn'), 1000, 1030))
    expect(await deliverOutbox(store, channels, 1005)).toEqual([])
    expect(messages).toEqual([])

    await store.putOutboxEntry(entry('base#liveness#v2', change('liveness', 'crit'), 1010, 1010))
    const outcomes = await deliverOutbox(store, channels, 1010)
    expect(outcomes).toMatchObject([{ chain: 'base', result: 'sent', ids: ['base#sequencer-lag#v2', 'base#liveness#v2'] }])
    expect(messages).toEqual([['sequencer-lag:warn', 'liveness:crit']])
    expect(await deliverOutbox(store, channels, 1040)).toEqual([]) // nothing left to send twice
  })

  it('a warn alone is sent once its group wait is over', async () => {
    const store = await openStore('warn-alone')
    const { messages, channels } = recorder()
    await store.putOutboxEntry(entry('base#sequencer-lag#v2', change('sequencer-lag', 'warn'), 1000, 1030))
    await deliverOutbox(store, channels, 1029)
    expect(messages).toEqual([])
    await deliverOutbox(store, channels, 1030)
    expect(messages).toEqual([['sequencer-lag:warn']])
  })

  it('reads the queue once per tick for every channel, and each channel sends only its own entries', async () => {
    const store = await openStore('two-channels')
    let reads = 0
    const counted = { ...store, getOutbox: (channel?: string) => (reads++, store.getOutbox(channel)) }
    const sent: string[] = []
    const channel = (name: string): Channel => ({ name, send: async (changes) => void sent.push(`${name}:${changes.map((c) => c.verdict.check).join(',')}`) })
    await store.putOutboxEntry(entry('base#liveness#v2', change('liveness', 'crit'), 1000, 1000))
    await store.putOutboxEntry({ ...entry('base#liveness#v2', change('liveness', 'crit'), 1000, 1000), channel: 'telegram' })
    await store.putOutboxEntry({ ...entry('base#sequencer-lag#v2', change('sequencer-lag', 'crit'), 1001, 1001), channel: 'telegram' })
    const outcomes = await deliverOutbox(counted, [{ channel: channel('slack') }, { channel: channel('telegram') }], 1005)
    expect(reads).toBe(1)
    expect(sent.sort()).toEqual(['slack:liveness', 'telegram:liveness,sequencer-lag'])
    expect(outcomes.map(({ channel: name, ids }) => `${name} ${ids.join(',')}`).sort()).toEqual(['slack base#liveness#v2', 'telegram base#liveness#v2,base#sequencer-lag#v2'])
    expect(await store.getOutbox()).toEqual([])
  })

  it('a racing tick that computes the same message a few seconds later queues nothing: one message, sent once', async () => {
    const store = await openStore('racing-writers')
    const { messages, channels } = recorder()
    const crit = change('liveness', 'crit')
    expect(await store.putOutboxEntry(entry('base#liveness#v2', crit, 1000, 1000))).toBe(true)
    expect(await store.putOutboxEntry(entry('base#liveness#v2', crit, 1004, 1004))).toBe(false)
    await deliverOutbox(store, channels, 1005)
    // Closed, it stays a tombstone: a tick later still cannot queue it again.
    expect(await store.putOutboxEntry(entry('base#liveness#v2', crit, 1020, 1020))).toBe(false)
    await deliverOutbox(store, channels, 1030)
    expect(messages).toEqual([['liveness:crit']])
  })

  it('an entry queued under the older key (creation time in it) is still claimed, sent and closed', async () => {
    const store = await openStore('older-key')
    const { messages, channels } = recorder()
    const client = new DynamoDBClient({ endpoint: server.endpoint, region: 'local', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } })
    const old = entry('base#liveness#v2', change('liveness', 'crit'), 1000, 1000)
    await DynamoDBDocumentClient.from(client).send(new PutCommand({ TableName: 'older-key', Item: { pk: 'OUTBOX', sk: `slack#000000001000#${old.id}`, ...old, ttl: 90000 } }))
    expect(await deliverOutbox(store, channels, 1005)).toMatchObject([{ result: 'sent', ids: [old.id] }])
    expect(messages).toEqual([['liveness:crit']])
    expect(await store.getOutbox()).toEqual([])
  })
})
