// Every kind of message through one outbox: alerts, breaker announcements, health alarms — order per chain,
// retries, no duplicates — on the embedded store.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChannelRoute } from '../../functions/alerts/ChannelRoute.js'
import { deliverOutbox } from '../../functions/alerts/deliverOutbox.js'
import { enqueueMessage } from '../../functions/alerts/enqueueMessage.js'
import type { Announcement, OutboxEntry, OutboxMessage } from '../../functions/alerts/OutboxEntry.js'
import { watcherOutboxChain } from '../../functions/alerts/OutboxEntry.js'
import type { Channel } from '../../functions/notify/Channel.js'
import { NotifyError } from '../../functions/notify/NotifyError.js'
import { createDynamoStore } from '../../functions/store/createDynamoStore.js'
import { createTableIfMissing } from '../../functions/store/createTableIfMissing.js'
import { type EmbeddedDynamo, startEmbeddedDynamo } from '../../functions/store/startEmbeddedDynamo.js'
import type { Store } from '../../functions/store/Store.js'
import type { StatusChange } from '../../functions/types.js'

const alert = (check: 'liveness' | 'batch-posting', status: 'warn' | 'crit' = 'crit'): OutboxMessage => ({
  kind: 'alert',
  change: {
    kind: 'open',
    verdict: { chain: 'op-mainnet', check, status, value: 300, unit: 's', reason: `${check} bad`, threshold: { warn: 30, crit: 120 } },
    previous: 'ok',
    since: 1000,
  } as StatusChange,
})
const paused: OutboxMessage = {
  kind: 'breaker',
  announcement: { event: 'paused', action: 'pause-perps', incident: '000001', level: 'crit', title: 'Breaker PAUSED: pause-perps', lines: [], chain: 'op-mainnet', hashes: ['0xabc'] },
}

/** A channel that records what it was asked to send, and fails while `down` is set. */
function recordingChannel(name: string) {
  const sent: string[] = []
  const state = { down: false }
  const fail = () => {
    if (state.down) throw new NotifyError(name, `${name} answered HTTP 500`, { status: 500 })
  }
  const channel: Channel = {
    name,
    async send(changes) {
      fail()
      sent.push(`alerts:${changes.map((c) => c.verdict.check).join('+')}`)
      return undefined
    },
    async announce(announcement: Announcement) {
      fail()
      sent.push(`announce:${announcement.title}`)
    },
  }
  return { route: { channel } as ChannelRoute, sent, state }
}

describe('one outbox for every kind of message', () => {
  let server: EmbeddedDynamo
  let client: DynamoDBClient
  let tables = 0
  beforeAll(async () => {
    server = await startEmbeddedDynamo()
    client = new DynamoDBClient({ endpoint: server.endpoint, region: 'local', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } })
  })
  afterAll(async () => {
    client?.destroy()
    await server?.close()
  })
  async function freshStore(): Promise<Store> {
    const tableName = `outbox-${++tables}`
    await createTableIfMissing(client, tableName)
    return createDynamoStore({ tableName, client })
  }

  it('a breaker message ends the chain’s group wait: the alerts before it go out with it, in order, each kind in its own message', async () => {
    const store = await freshStore()
    const slack = recordingChannel('slack')
    const now = 5000
    await enqueueMessage(store, [slack.route], { id: 'a1', chain: 'op-mainnet', message: alert('liveness', 'warn'), now, notBefore: now + 30, expirySeconds: 3600 })
    expect(await deliverOutbox(store, [slack.route], now)).toEqual([]) // group wait
    await enqueueMessage(store, [slack.route], { id: 'a2', chain: 'op-mainnet', message: alert('batch-posting', 'warn'), now, notBefore: now + 30, expirySeconds: 3600 })
    await enqueueMessage(store, [slack.route], { id: 'b1', chain: 'op-mainnet', message: paused, now, expirySeconds: 3600 })
    await enqueueMessage(store, [slack.route], { id: 'a3', chain: 'op-mainnet', message: alert('liveness'), now, expirySeconds: 3600 })
    const outcomes = await deliverOutbox(store, [slack.route], now)
    expect(slack.sent).toEqual(['alerts:liveness+batch-posting', 'announce:Breaker PAUSED: pause-perps', 'alerts:liveness'])
    expect(outcomes.map((o) => [o.ids, o.result])).toEqual([
      [['a1', 'a2'], 'sent'],
      [['b1'], 'sent'],
      [['a3'], 'sent'],
    ])
    expect(await store.getOutbox('slack')).toEqual([])
  })

  it('a failed announcement keeps itself and what follows back, keeps what went before delivered, and is sent once when the channel recovers', async () => {
    const store = await freshStore()
    const slack = recordingChannel('slack')
    const now = 6000
    await enqueueMessage(store, [slack.route], { id: 'a1', chain: 'op-mainnet', message: alert('liveness'), now, expirySeconds: 3600 })
    await deliverOutbox(store, [slack.route], now)
    slack.state.down = true
    await enqueueMessage(store, [slack.route], { id: 'b1', chain: 'op-mainnet', message: paused, now: now + 1, expirySeconds: 3600 })
    await enqueueMessage(store, [slack.route], { id: 'a2', chain: 'op-mainnet', message: alert('batch-posting'), now: now + 1, expirySeconds: 3600 })
    const failed = await deliverOutbox(store, [slack.route], now + 1)
    expect(failed).toEqual([{ channel: 'slack', chain: 'op-mainnet', ids: ['b1', 'a2'], result: 'failed', error: 'slack answered HTTP 500' }])
    const held = await store.getOutbox('slack')
    expect(held.map((e) => [e.id, e.attempts, e.nextAttemptAt]).sort()).toEqual([
      ['a2', 1, now + 1 + 15],
      ['b1', 1, now + 1 + 15],
    ])
    // The same message queued again (a retried step computing the same id) is not a second entry.
    expect(await enqueueMessage(store, [slack.route], { id: 'b1', chain: 'op-mainnet', message: paused, now: now + 1, expirySeconds: 3600 })).toEqual([])
    slack.state.down = false
    expect(await deliverOutbox(store, [slack.route], now + 5)).toEqual([]) // backoff
    await Promise.all([deliverOutbox(store, [slack.route], now + 20), deliverOutbox(store, [slack.route], now + 20)])
    expect(slack.sent).toEqual(['alerts:liveness', 'announce:Breaker PAUSED: pause-perps', 'alerts:batch-posting'])
  })

  it('health alarms go to every channel that can announce, under their own ordering key; an entry stored before kinds existed is an alert', async () => {
    const store = await freshStore()
    const slack = recordingChannel('slack')
    const telegram = recordingChannel('telegram')
    const alertsOnly: ChannelRoute = { channel: { name: 'legacy', send: async () => undefined } }
    const now = 7000
    const health: OutboxMessage = { kind: 'health', alarm: { alarmName: 'heartbeat-missing', state: 'ALARM', reason: 'no tick for 5 min', stage: 'prod' } }
    expect(await enqueueMessage(store, [slack.route, telegram.route, alertsOnly], { id: 'h1', chain: watcherOutboxChain, message: health, now, expirySeconds: 3600 })).toEqual(['slack', 'telegram'])
    const { kind: _kind, ...legacy } = { id: 'old', channel: 'slack', chain: 'op-mainnet', createdAt: now, notBefore: now, expiresAt: now + 60, attempts: 0, nextAttemptAt: now, ...alert('liveness') }
    await store.putOutboxEntry(legacy as unknown as OutboxEntry)
    expect((await store.getOutbox('slack')).map((e) => [e.id, e.kind]).sort()).toEqual([
      ['h1', 'health'],
      ['old', 'alert'],
    ])
    await deliverOutbox(store, [slack.route, telegram.route], now)
    // Different ordering keys (the watcher's own vs op-mainnet's): both delivered, neither waits for the other.
    expect(slack.sent.sort()).toEqual(['alerts:liveness', 'announce:Watchtower itself is unhealthy: heartbeat-missing ALARM no tick for 5 min'])
    expect(telegram.sent).toEqual(['announce:Watchtower itself is unhealthy: heartbeat-missing ALARM no tick for 5 min'])
  })
})
