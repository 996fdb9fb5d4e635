import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { acknowledge } from '../../functions/alerts/acknowledge.js'
import { applyMute } from '../../functions/alerts/applyMute.js'
import type { ChannelRoute } from '../../functions/alerts/ChannelRoute.js'
import { deliverOutbox } from '../../functions/alerts/deliverOutbox.js'
import type { OutboxEntry } from '../../functions/alerts/OutboxEntry.js'
import type { WatchtowerConfig } from '../../functions/config/schema.js'
import { createSlackChannel } from '../../functions/notify/createSlackChannel.js'
import { routingOnlyChannels } from '../../functions/notify/routingOnlyChannels.js'
import { createTelegramChannel } from '../../functions/notify/createTelegramChannel.js'
import { createDynamoStore } from '../../functions/store/createDynamoStore.js'
import { type EmbeddedTable, openEmbeddedTable } from '../../functions/store/openEmbeddedTable.js'
import type { Store } from '../../functions/store/Store.js'
import type { StatusChange } from '../../functions/types.js'
import { type FakeSlack, startFakeSlack } from '../fakes/startFakeSlack.js'
import { type FakeTelegram, startFakeTelegram } from '../fakes/startFakeTelegram.js'
import { change, NOW } from '../notify/sampleChanges.js'

/** Living incident messages through the outbox: real Slack and Telegram clients, loopback fakes, dynalite. */
describe('living incident messages', () => {
  let table: EmbeddedTable
  let slack: FakeSlack
  let telegram: FakeTelegram
  let store: Store
  let channels: ChannelRoute[]
  let chain = 0
  let name = ''

  beforeAll(async () => {
    ;[table, slack, telegram] = await Promise.all([openEmbeddedTable(), startFakeSlack({ token: 'xoxb-1' }), startFakeTelegram({ token: '7:tg' })])
    store = createDynamoStore({ tableName: table.tableName, client: table.client })
    channels = [
      { channel: createSlackChannel({ channel: 'C1', tokenEnv: 'S', apiUrl: slack.apiUrl }, 'xoxb-1') },
      { channel: createTelegramChannel({ chatId: '-100', tokenEnv: 'T', apiRoot: telegram.apiRoot }, '7:tg') },
    ]
  })
  afterAll(async () => {
    await Promise.all([slack?.stop(), telegram?.stop()])
    await table?.close()
  })
  beforeEach(() => {
    slack.requests.length = 0
    telegram.requests.length = 0
    chain += 1
    name = `chain-${chain}` // a chain per test: each starts without a living message
  })

  let version = 0
  const step = (overrides: Parameters<typeof change>[0] & { verdict?: Partial<StatusChange['verdict']> }): StatusChange =>
    change({ incident: `${name}#liveness#${NOW}`, previousSince: NOW, ...overrides, verdict: { chain: name, ...overrides.verdict } })
  async function deliver(alert: StatusChange, now: number) {
    version += 1
    for (const { channel } of channels) {
      const entry: OutboxEntry = { kind: 'alert', id: `${name}#${alert.verdict.check}#v${version}`, channel: channel.name, chain: name, change: alert, createdAt: now, notBefore: now, expiresAt: now + 3600, attempts: 0, nextAttemptAt: now }
      await store.putOutboxEntry(entry)
    }
    return deliverOutbox(store, channels, now)
  }

  it('warn → crit → resolved is one message edited twice (same ts / message_id), reminders as thread replies', async () => {
    await deliver(step({ kind: 'open', verdict: { status: 'warn', reason: 'no new L2 block for 12 min' } }), NOW)
    await deliver(step({ kind: 'escalate', previous: 'warn', since: NOW + 600 }), NOW + 600)
    await deliver(step({ kind: 'remind', previous: 'crit', since: NOW + 2400 }), NOW + 2400)
    const outcomes = await deliver(step({ kind: 'resolve', previous: 'crit', since: NOW + 3000, verdict: { status: 'ok', reason: 'blocks again' } }), NOW + 3000)
    expect(outcomes.map((o) => o.result)).toEqual(['sent', 'sent'])

    expect(slack.requests.map((r) => r.method)).toEqual(['chat.postMessage', 'chat.update', 'chat.postMessage', 'chat.update'])
    const ts = [...slack.messages.values()].filter((m) => !m.thread_ts).at(-1)!.ts // the one message posted
    expect(slack.requests[0]!.body.thread_ts).toBeUndefined()
    expect(slack.requests[1]!.body.ts).toBe(ts)
    expect(slack.requests[3]!.body.ts).toBe(ts)
    expect(slack.requests[2]!.body.thread_ts).toBe(ts)
    const message = slack.messages.get(ts)!
    expect(message.edits).toBe(2)
    expect(message.text).toMatch(/liveness OK \(resolved after 50 min\)/)
    expect(String(slack.requests[1]!.body.text)).toMatch(/liveness CRIT/)
    expect(String(slack.requests[2]!.body.text)).toMatch(/reminder/)

    expect(telegram.requests.map((r) => r.method)).toEqual(['sendMessage', 'editMessageText', 'sendMessage', 'editMessageText'])
    const [first] = [...telegram.messages.values()].filter((m) => m.chatId === '-100' && m.replyTo === undefined).slice(-1)
    expect(telegram.requests[1]!.body.message_id).toBe(first!.messageId)
    expect(telegram.requests[3]!.body.message_id).toBe(first!.messageId)
    expect(telegram.requests[2]!.body.reply_parameters).toMatchObject({ message_id: first!.messageId })
    expect(first!.edits).toBe(2)
    expect(first!.text).toMatch(/resolved \(crit for 50 min\)/)
    // Closed: the store forgets it, and the chain's next incident gets a new message.
    expect(await store.getLivingMessage('slack', name)).toBeUndefined()
    await deliver(step({ kind: 'open', since: NOW + 4000, incident: `${name}#liveness#${NOW + 4000}` }), NOW + 4000)
    expect(slack.requests.at(-1)?.method).toBe('chat.postMessage')
    expect(slack.requests.at(-1)?.body.thread_ts).toBeUndefined()
  })

  it('an edit the API refuses (message deleted) is posted as a new message, which lives on', async () => {
    await deliver(step({ kind: 'open', verdict: { status: 'warn' } }), NOW)
    expect(await store.getLivingMessage('slack', name)).toMatchObject({ ref: { channel: 'C1', ts: [...slack.messages.keys()].at(-1) } })
    slack.messages.delete([...slack.messages.keys()].at(-1)!) // someone deleted it in Slack
    const firstTelegram = [...telegram.messages.keys()].at(-1)!
    telegram.messages.delete(firstTelegram)
    await deliver(step({ kind: 'escalate', previous: 'warn' }), NOW + 60)
    expect(slack.requests.map((r) => r.method)).toEqual(['chat.postMessage', 'chat.update', 'chat.postMessage'])
    expect(telegram.requests.map((r) => r.method)).toEqual(['sendMessage', 'editMessageText', 'sendMessage'])
    const kept = await store.getLivingMessage('slack', name)
    expect(kept?.ref).toEqual({ channel: 'C1', ts: [...slack.messages.keys()].at(-1) })
    await deliver(step({ kind: 'resolve', previous: 'crit', verdict: { status: 'ok' } }), NOW + 120)
    expect(slack.requests.at(-1)).toMatchObject({ method: 'chat.update', body: { ts: (kept!.ref as { ts: string }).ts } })
  })

  it('Slack rate-limiting the edit: kept and retried after the wait, then edited once, with no second message', async () => {
    await deliver(step({ kind: 'open', verdict: { status: 'warn' } }), NOW)
    slack.failNext(1, { status: 429 })
    const failed = await deliver(step({ kind: 'escalate', previous: 'warn' }), NOW + 60)
    expect(failed.find((o) => o.channel === 'slack')?.result).toBe('failed')
    const retried = await deliverOutbox(store, channels, NOW + 200)
    expect(retried.map((o) => `${o.channel}:${o.result}`)).toEqual(['slack:sent'])
    expect(slack.requests.map((r) => r.method)).toEqual(['chat.postMessage', 'chat.update', 'chat.update'])
    expect([...slack.messages.values()].filter((m) => m.text.includes(name))).toHaveLength(1)
  })

  it('watchtower ack and mute edit the incident message: acknowledged by whom, muted until when', async () => {
    await deliver(step({ kind: 'open' }), NOW)
    // The state the tick would have stored for this incident.
    const state = { chain: name, check: 'liveness' as const, status: 'crit' as const, since: NOW, streak: 2, value: 2820, unit: 's', reason: 'no new L2 block for 47 min', threshold: { warn: 600, crit: 1800 }, incident: { id: `${name}#liveness#${NOW}`, status: 'crit' as const, openedAt: NOW, lastAlertAt: NOW }, updatedAt: NOW, version: 1 }
    expect(await store.putCheckState(state, undefined)).toBe(true)
    expect(await acknowledge(store, { chain: name, by: 'alice', channels, now: NOW + 60 })).toEqual([`${name}#liveness`])
    await deliverOutbox(store, channels, NOW + 60)
    const ts = (await store.getLivingMessage('slack', name))!.ref as { ts: string }
    expect(slack.messages.get(ts.ts)?.text).toMatch(/acknowledged by alice/)
    expect(JSON.stringify(slack.messages.get(ts.ts)?.blocks)).toContain('Acknowledged by alice')
    expect(await applyMute(store, { chain: name, check: '*', until: NOW + 3600, by: 'bob', channels, now: NOW + 120 })).toEqual([`${name}#liveness`])
    await deliverOutbox(store, channels, NOW + 120)
    expect(JSON.stringify(slack.messages.get(ts.ts)?.blocks)).toContain('Muted until 2024-05-01 13:00 UTC by bob')
    expect(slack.requests.map((r) => r.method)).toEqual(['chat.postMessage', 'chat.update', 'chat.update'])
    const telegramMessage = [...telegram.messages.values()].at(-1)!
    expect(telegramMessage.edits).toBe(2)
    expect(telegramMessage.text).toContain('Acknowledged by alice')
    expect(telegramMessage.text).toContain('Muted until 2024-05-01 13:00 UTC by bob')
    await store.deleteMute(name, '*')
  })

  it('an ack taken by a process without the channel secrets (the chat Lambda: routing-only channels) is queued, and the tick\'s channels edit the message', async () => {
    await deliver(step({ kind: 'open' }), NOW)
    const state = { chain: name, check: 'liveness' as const, status: 'crit' as const, since: NOW, streak: 2, value: 2820, unit: 's', reason: 'no new L2 block for 47 min', threshold: { warn: 600, crit: 1800 }, incident: { id: `${name}#liveness#${NOW}`, status: 'crit' as const, openedAt: NOW, lastAlertAt: NOW }, updatedAt: NOW, version: 1 }
    expect(await store.putCheckState(state, undefined)).toBe(true)
    const notify = { slack: { channel: 'C1', tokenEnv: 'S' }, telegram: { chatId: '-100', tokenEnv: 'T' } } as unknown as WatchtowerConfig['notify']
    const queuedOnly = routingOnlyChannels(notify)
    expect(queuedOnly.map((route) => route.channel.name)).toEqual(['slack', 'telegram'])
    await acknowledge(store, { chain: name, by: 'carol', channels: queuedOnly, now: NOW + 60 })
    expect(slack.requests.map((r) => r.method)).toEqual(['chat.postMessage']) // nothing sent by the chat side
    await deliverOutbox(store, channels, NOW + 60)
    const ts = (await store.getLivingMessage('slack', name))!.ref as { ts: string }
    expect(slack.messages.get(ts.ts)?.text).toMatch(/acknowledged by carol/)
    expect(slack.requests.map((r) => r.method)).toEqual(['chat.postMessage', 'chat.update'])
  })
})
