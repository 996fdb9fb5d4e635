import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { acknowledge } from '../../functions/alerts/acknowledge.js'
import type { ChannelRoute } from '../../functions/alerts/ChannelRoute.js'
import { deliverOutbox } from '../../functions/alerts/deliverOutbox.js'
import { enqueueMessage } from '../../functions/alerts/enqueueMessage.js'
import { type BreakerAnnouncement, type BreakerEvent, type OutboxMessage, watcherOutboxChain } from '../../functions/alerts/OutboxEntry.js'
import { validateConfig } from '../../functions/config/parseConfig.js'
import { buildChannels } from '../../functions/notify/buildChannels.js'
import { createDynamoStore } from '../../functions/store/createDynamoStore.js'
import { openEmbeddedTable } from '../../functions/store/openEmbeddedTable.js'
import type { CheckState, Store } from '../../functions/store/Store.js'
import type { StatusChange } from '../../functions/types.js'
import { type FakeDiscord, startFakeDiscord } from '../fakes/startFakeDiscord.js'
import { type FakePagerduty, startFakePagerduty } from '../fakes/startFakePagerduty.js'
import { type FakeWebhookReceiver, startFakeWebhookReceiver } from '../fakes/startFakeWebhookReceiver.js'
import { change } from '../notify/sampleChanges.js'

const routingKey = 'R0UT1NGKEY0123456789abcdefABCDEF' // 32 characters, as PagerDuty's are
const secret = 'whsec-test-0123456789'
const T0 = Math.floor(Date.now() / 1000) // the receiver checks the signature's age against its own clock

/** PagerDuty, Discord and a signed webhook through the outbox: loopback servers speaking the real protocols, dynalite. */
/**
 * Dynalite and loopback PagerDuty, Discord and webhook servers, with the channels `buildChannels` makes for them
 * (the webhook takes crit alerts only).
 */
async function startThreeChannels(key: string, pagerdutyRouting: { severities?: ['crit'] } = {}) {
  const [table, pagerduty, discord, receiver] = await Promise.all([openEmbeddedTable(), startFakePagerduty({ routingKey: key }), startFakeDiscord(), startFakeWebhookReceiver({ secret })])
  const config = validateConfig({
    chains: [{ name: 'base', stack: 'evm', l2Rpc: ['http://127.0.0.1:1'] }],
    notify: {
      pagerduty: { routingKeyEnv: 'PD_KEY', apiUrl: pagerduty.apiUrl, ...pagerdutyRouting },
      discord: { webhookUrlEnv: 'DISCORD_URL' },
      webhook: { urlEnv: 'HOOK_URL', secretEnv: 'HOOK_SECRET', severities: ['crit'] },
    },
  })
  const built = buildChannels(config.notify, { PD_KEY: key, DISCORD_URL: discord.webhookUrl, HOOK_URL: receiver.url, HOOK_SECRET: secret }, { console: false })
  return {
    store: createDynamoStore({ tableName: table.tableName, client: table.client }),
    pagerduty,
    discord,
    receiver,
    built,
    async stop() {
      await Promise.all([pagerduty.stop(), discord.stop(), receiver.stop()])
      await table.close()
    },
  }
}

describe('PagerDuty, Discord and webhook channels', () => {
  let servers: Awaited<ReturnType<typeof startThreeChannels>> | undefined
  let store: Store
  let pagerduty: FakePagerduty
  let discord: FakeDiscord
  let receiver: FakeWebhookReceiver
  let channels: ChannelRoute[]
  let version = 0

  beforeAll(async () => {
    servers = await startThreeChannels(routingKey)
    ;({ store, pagerduty, discord, receiver } = servers)
    expect(servers.built.problems).toEqual([])
    channels = servers.built.routes
    expect(channels.map((r) => r.channel.name)).toEqual(['pagerduty', 'discord', 'webhook'])
  })
  afterAll(async () => {
    await servers?.stop()
  })

  const incident = `base#liveness#${T0}`
  const step = (overrides: Parameters<typeof change>[0]): StatusChange =>
    change({ incident, previousSince: T0, since: T0, link: 'https://basescan.org/block/42', ...overrides, verdict: { chain: 'base', ...overrides?.verdict } })
  async function queue(alert: StatusChange, now: number) {
    version += 1
    await enqueueMessage(store, channels, { id: `base#liveness#v${version}`, chain: 'base', message: { kind: 'alert', change: alert }, now, expirySeconds: 3600 })
    return deliverOutbox(store, channels, now)
  }

  it('PagerDuty gets trigger, then acknowledge after watchtower ack, then resolve on recovery, all with one dedup_key', async () => {
    await queue(step({ kind: 'open', verdict: { status: 'warn' } }), T0)
    await queue(step({ kind: 'escalate', previous: 'warn', since: T0 + 60 }), T0 + 60)
    await queue(step({ kind: 'remind', previous: 'crit', since: T0 + 1860 }), T0 + 1860) // PagerDuty re-notifies itself
    // What `watchtower ack` does: the ack in the store, queued for the channels, delivered.
    const state: CheckState = { chain: 'base', check: 'liveness', status: 'crit', since: T0 + 60, streak: 3, value: 2820, unit: 's', reason: 'no new L2 block for 47 min', threshold: { warn: 600, crit: 1800 }, incident: { id: incident, status: 'crit', openedAt: T0, lastAlertAt: T0 + 1860 }, updatedAt: T0 + 1860, version: 7 }
    expect(await store.putCheckState(state, undefined)).toBe(true)
    expect(await acknowledge(store, { chain: 'base', by: 'alice', channels, now: T0 + 1900 })).toEqual(['base#liveness'])
    await deliverOutbox(store, channels, T0 + 1900)
    await queue(step({ kind: 'resolve', previous: 'crit', since: T0 + 2000, verdict: { status: 'ok', reason: 'blocks again' } }), T0 + 2000)

    expect(pagerduty.events.map((e) => [e.event_action, e.payload?.severity])).toEqual([
      ['trigger', 'warning'],
      ['trigger', 'critical'],
      ['acknowledge', undefined],
      ['resolve', undefined],
    ])
    expect(new Set(pagerduty.events.map((e) => e.dedup_key))).toEqual(new Set([incident]))
    expect(pagerduty.events[1]).toMatchObject({ routing_key: routingKey, payload: { source: 'base', component: 'liveness', summary: expect.stringMatching(/^base liveness CRIT: /) }, links: [{ href: 'https://basescan.org/block/42' }] })
    expect(pagerduty.requests.every((r) => r.path === '/v2/enqueue' && r.status === 202)).toBe(true)
  })

  it('PagerDuty severity mapping: unknown → error; a throttled enqueue is retried, not lost', async () => {
    const before = pagerduty.events.length
    pagerduty.failNext(1, { status: 429 })
    const failed = await queue(step({ kind: 'open', incident: 'base#rpc-unavailable#1', verdict: { check: 'rpc-unavailable', status: 'unknown', value: null } }), T0 + 3000)
    expect(failed.find((o) => o.channel === 'pagerduty')).toMatchObject({ result: 'failed', error: expect.stringMatching(/PagerDuty trigger for base failed: HTTP 429/) })
    await deliverOutbox(store, channels, T0 + 3100)
    expect(pagerduty.events.slice(before).map((e) => [e.event_action, e.dedup_key, e.payload?.severity])).toEqual([['trigger', 'base#rpc-unavailable#1', 'error']])
  })

  it('Discord receives an embed per message, and a 429 retry_after holds the next attempt that long', async () => {
    const before = discord.messages.length
    discord.rateLimitNext(1, 40.5)
    const failed = await queue(step({ kind: 'open', incident: 'base#sequencer-lag#1', verdict: { check: 'sequencer-lag', status: 'warn', reason: 'batch 40 min ago' } }), T0 + 4000)
    expect(failed.find((o) => o.channel === 'discord')).toMatchObject({ result: 'failed', error: expect.stringMatching(/retry after 41 s/) })
    const [entry] = await store.getOutbox('discord')
    expect(entry?.nextAttemptAt).toBe(T0 + 4000 + 41) // longer than the first backoff (15 s): the server's wait wins
    expect((await deliverOutbox(store, channels, T0 + 4030)).filter((o) => o.channel === 'discord')).toEqual([])
    expect((await deliverOutbox(store, channels, T0 + 4041)).find((o) => o.channel === 'discord')?.result).toBe('sent')
    const [message] = discord.messages.slice(before)
    expect(message?.embeds).toHaveLength(1)
    expect(message?.embeds[0]).toMatchObject({ title: expect.stringContaining('base: sequencer-lag WARN'), color: 0xecb22e, url: 'https://basescan.org/block/42', fields: [{ name: expect.stringContaining('sequencer-lag: ok → warn'), value: expect.stringContaining('batch 40 min ago') }] })
    expect(message?.allowed_mentions).toEqual({ parse: [] })
    expect(discord.requests.at(-1)).toMatchObject({ wait: true, status: 200 })
  })

  it('the webhook receiver verifies the signature with the configured secret; only crit is routed to it; a 500 is retried', async () => {
    // From the first test: warn open not routed (severities: [crit]), the escalation, reminder, ack and resolve are.
    expect(receiver.requests.every((r) => r.refused === undefined)).toBe(true)
    const kinds = receiver.accepted.map((body) => body.changes[0].kind)
    expect(kinds.slice(0, 4)).toEqual(['escalate', 'remind', 'ack', 'resolve'])
    expect(receiver.accepted[0]).toMatchObject({ type: 'alert', incident, chain: 'base', checks: ['liveness'], status: 'crit', values: { liveness: { value: 2820, unit: 's', threshold: { warn: 600, crit: 1800 } } }, reason: expect.stringContaining('liveness: '), links: ['https://basescan.org/block/42'] })
    expect(receiver.accepted[2]!.changes[0]).toMatchObject({ kind: 'ack', by: 'alice' })

    const before = receiver.accepted.length
    receiver.failNext(1, 500)
    const failed = await queue(step({ kind: 'open', incident: 'base#reorg#1', verdict: { check: 'reorg', status: 'crit' } }), T0 + 5000)
    expect(failed.find((o) => o.channel === 'webhook')).toMatchObject({ result: 'failed', error: expect.stringMatching(/Webhook alert for base failed: HTTP 500/) })
    await deliverOutbox(store, channels, T0 + 5015)
    expect(receiver.accepted.slice(before).map((b) => b.incident)).toEqual(['base#reorg#1'])
  })

  it('a receiver holding another secret refuses the message: the send fails and stays queued', async () => {
    const other = await startFakeWebhookReceiver({ secret: 'not-the-configured-one' })
    try {
      const config = validateConfig({ chains: [{ name: 'base', stack: 'evm', l2Rpc: ['http://127.0.0.1:1'] }], notify: { webhook: { urlEnv: 'HOOK_URL', secretEnv: 'HOOK_SECRET' } } })
      const { routes } = buildChannels(config.notify, { HOOK_URL: other.url, HOOK_SECRET: secret }, { console: false })
      await expect(routes[0]!.channel.send([step({ kind: 'open' })])).rejects.toThrow(/Webhook alert for base failed: HTTP 401/)
      expect(other.requests).toEqual([{ status: 401, refused: 'signature mismatch' }])
      // Signing configured but its secret missing: off, and said, rather than sending unsigned.
      expect(buildChannels(config.notify, { HOOK_URL: other.url }, { console: false }).problems).toEqual(['notify.webhook: environment variable HOOK_SECRET is not set; Webhook alerts are off'])
    } finally {
      await other.stop()
    }
  })
})

/** Breaker announcements and the watcher's health alarms (outbox kinds `breaker`, `health`) on the same three channels. */
describe('breaker and health messages on PagerDuty, Discord and the webhook', () => {
  const serviceKey = 'serv1ceKey0123456789abcdefABCDEF' // a service integration key: it takes change events too
  let servers: Awaited<ReturnType<typeof startThreeChannels>>

  beforeAll(async () => {
    // Severities route alerts only: a pause and the watcher's own health reach every channel of the chain.
    servers = await startThreeChannels(serviceKey, { severities: ['crit'] })
  })
  afterAll(async () => {
    await servers?.stop()
  })

  const pause = (event: BreakerEvent, level: BreakerAnnouncement['level'], paused: boolean | undefined, title: string): OutboxMessage => ({
    kind: 'breaker',
    announcement: {
      event,
      action: 'pause-perps',
      ...(event === 'not-ready' || event === 'ready' ? {} : { incident: '000001' }),
      level,
      title,
      lines: [`${title}.`],
      chain: 'base',
      ...(paused !== undefined ? { paused } : {}),
      ...(event === 'paused' ? { hashes: [`0x${'ab'.repeat(32)}`], facts: [{ label: 'base tx', value: `0x${'ab'.repeat(32)}` }], links: [{ label: 'base tx', url: `https://basescan.org/tx/0x${'ab'.repeat(32)}` }] } : {}),
    },
  })
  const alarm = (state: string): OutboxMessage => ({ kind: 'health', alarm: { alarmName: 'watchtower-prod-tick-errors', state, reason: `state ${state}`, stage: 'prod' } })
  let n = 0
  async function queue(message: OutboxMessage, now: number) {
    const { store, built } = servers
    await enqueueMessage(store, built.routes, { id: `m${++n}`, chain: message.kind === 'health' ? watcherOutboxChain : 'base', message, now, expirySeconds: 3600 })
    return deliverOutbox(store, built.routes, now)
  }

  it('PagerDuty: the pause is one alert from PAUSED to RESUMED, NOT READY its own; the rest are change events; Discord an embed each; the webhook signed, with kind', async () => {
    const { pagerduty, discord, receiver } = servers
    const steps: OutboxMessage[] = [
      pause('not-ready', 'warn', undefined, 'Breaker NOT READY: pause-perps'),
      pause('paused', 'crit', true, 'Breaker PAUSED: pause-perps'),
      pause('resolved', 'info', true, 'Breaker: risk over for pause-perps'),
      pause('ready', 'ok', undefined, 'Breaker ready again: pause-perps'),
      pause('resume-safe', 'ok', true, 'Breaker: resuming is safe: pause-perps'),
      pause('resumed', 'ok', false, 'Breaker RESUMED: pause-perps'),
    ]
    for (const [i, step] of steps.entries()) {
      const outcomes = await queue(step, T0 + i * 60)
      expect(outcomes.map((o) => [o.channel, o.result])).toEqual([
        ['pagerduty', 'sent'],
        ['discord', 'sent'],
        ['webhook', 'sent'],
      ])
    }
    expect(pagerduty.events.map((e) => [e.event_action, e.dedup_key, e.payload?.severity])).toEqual([
      ['trigger', 'breaker#pause-perps#readiness', 'warning'],
      ['trigger', 'breaker#pause-perps#000001', 'critical'],
      ['resolve', 'breaker#pause-perps#readiness', undefined],
      ['resolve', 'breaker#pause-perps#000001', undefined],
    ])
    expect(pagerduty.events[1]).toMatchObject({
      routing_key: serviceKey,
      payload: { summary: 'base: Breaker PAUSED: pause-perps', source: 'base', component: 'pause-perps', custom_details: { transactions: [`0x${'ab'.repeat(32)}`] } },
      links: [{ href: `https://basescan.org/tx/0x${'ab'.repeat(32)}`, text: 'base tx' }],
    })
    expect(pagerduty.changes.map((c) => c.payload.summary)).toEqual(['base: Breaker: risk over for pause-perps', 'base: Breaker: resuming is safe: pause-perps'])
    expect(pagerduty.requests.map((r) => [r.path, r.status])).toContainEqual(['/v2/change/enqueue', 202])

    expect(discord.messages.map((m) => m.embeds[0]?.title)).toEqual(steps.map((s) => (s.kind === 'breaker' ? s.announcement.title : '')))
    expect(discord.messages[1]?.embeds[0]).toMatchObject({ color: 0xe01e5a, description: expect.stringContaining(`base tx: \`0x${'ab'.repeat(32)}\``) })

    expect(receiver.requests).toEqual(steps.map(() => ({ status: 204 }))) // every signature verified
    expect(receiver.accepted.map((b) => [b.type, b.kind, b.event, b.paused])).toEqual([
      ['announcement', 'breaker', 'not-ready', undefined],
      ['announcement', 'breaker', 'paused', true],
      ['announcement', 'breaker', 'resolved', true],
      ['announcement', 'breaker', 'ready', undefined],
      ['announcement', 'breaker', 'resume-safe', true],
      ['announcement', 'breaker', 'resumed', false],
    ])
    expect(receiver.accepted[1]).toMatchObject({ action: 'pause-perps', incident: '000001', chain: 'base', hashes: [`0x${'ab'.repeat(32)}`] })
  })

  it('health alarms: PagerDuty trigger, then resolve, one dedup_key per alarm; Discord and the webhook get them, the webhook with the alarm', async () => {
    const { pagerduty, discord, receiver } = servers
    const before = { events: pagerduty.events.length, discord: discord.messages.length, webhook: receiver.accepted.length }
    await queue(alarm('ALARM'), T0 + 1000)
    await queue(alarm('OK'), T0 + 1060)
    expect(pagerduty.events.slice(before.events).map((e) => [e.event_action, e.dedup_key, e.payload?.severity])).toEqual([
      ['trigger', 'watchtower#watchtower-prod-tick-errors', 'critical'],
      ['resolve', 'watchtower#watchtower-prod-tick-errors', undefined],
    ])
    expect(pagerduty.events[before.events]).toMatchObject({ payload: { source: 'watchtower', summary: expect.stringMatching(/^Watchtower itself is unhealthy: watchtower-prod-tick-errors ALARM/) } })
    expect(discord.messages.slice(before.discord).map((m) => m.embeds[0]?.title)).toEqual([
      expect.stringMatching(/^Watchtower itself is unhealthy/),
      expect.stringMatching(/^Watchtower is healthy again/),
    ])
    expect(receiver.accepted.slice(before.webhook).map((b) => [b.kind, b.alarm?.alarmName, b.alarm?.state])).toEqual([
      ['health', 'watchtower-prod-tick-errors', 'ALARM'],
      ['health', 'watchtower-prod-tick-errors', 'OK'],
    ])
  })

  it('a change event PagerDuty refuses for good (a ruleset key takes none) does not hold back the pages after it', async () => {
    const ruleset = await startFakePagerduty({ routingKey })
    const { store } = servers
    try {
      const config = validateConfig({ chains: [{ name: 'base', stack: 'evm', l2Rpc: ['http://127.0.0.1:1'] }], notify: { pagerduty: { routingKeyEnv: 'PD_KEY', apiUrl: ruleset.apiUrl } } })
      const routes = buildChannels(config.notify, { PD_KEY: routingKey }, { console: false }).routes
      const now = T0 + 2000
      await enqueueMessage(store, routes, { id: 'r1', chain: 'base', message: pause('resume-safe', 'ok', true, 'Breaker: resuming is safe: pause-perps'), now, expirySeconds: 3600 })
      await enqueueMessage(store, routes, { id: 'r2', chain: 'base', message: { kind: 'alert', change: change({ kind: 'open', incident: 'base#reorg#9', verdict: { chain: 'base', check: 'reorg', status: 'crit' } }) }, now, expirySeconds: 3600 })
      expect((await deliverOutbox(store, routes, now)).map((o) => [o.ids, o.result])).toEqual([
        [['r1'], 'sent'],
        [['r2'], 'sent'],
      ])
      expect(ruleset.requests.map((r) => [r.path, r.status])).toEqual([
        ['/v2/change/enqueue', 400],
        ['/v2/enqueue', 202],
      ])
      expect(ruleset.events.map((e) => [e.event_action, e.dedup_key])).toEqual([['trigger', 'base#reorg#9']])
    } finally {
      await ruleset.stop()
    }
  })
})
