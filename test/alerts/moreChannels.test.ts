import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { acknowledge } from '../../functions/alerts/acknowledge.js'
import type { ChannelRoute } from '../../functions/alerts/ChannelRoute.js'
import { deliverOutbox } from '../../functions/alerts/deliverOutbox.js'
import { enqueueMessage } from '../../functions/alerts/enqueueMessage.js'
import { validateConfig } from '../../functions/config/parseConfig.js'
import { buildChannels } from '../../functions/notify/buildChannels.js'
import { createDynamoStore } from '../../functions/store/createDynamoStore.js'
import { type EmbeddedTable, openEmbeddedTable } from '../../functions/store/openEmbeddedTable.js'
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
describe('PagerDuty, Discord and webhook channels', () => {
  let table: EmbeddedTable
  let store: Store
  let pagerduty: FakePagerduty
  let discord: FakeDiscord
  let receiver: FakeWebhookReceiver
  let channels: ChannelRoute[]
  let version = 0

  beforeAll(async () => {
    ;[table, pagerduty, discord, receiver] = await Promise.all([openEmbeddedTable(), startFakePagerduty({ routingKey }), startFakeDiscord(), startFakeWebhookReceiver({ secret })])
    store = createDynamoStore({ tableName: table.tableName, client: table.client })
    const config = validateConfig({
      chains: [{ name: 'base', stack: 'evm', l2Rpc: ['http://127.0.0.1:1'] }],
      notify: {
        pagerduty: { routingKeyEnv: 'PD_KEY', apiUrl: pagerduty.apiUrl },
        discord: { webhookUrlEnv: 'DISCORD_URL' },
        webhook: { urlEnv: 'HOOK_URL', secretEnv: 'HOOK_SECRET', severities: ['crit'] },
      },
    })
    const built = buildChannels(config.notify, { PD_KEY: routingKey, DISCORD_URL: discord.webhookUrl, HOOK_URL: receiver.url, HOOK_SECRET: secret }, { console: false })
    expect(built.problems).toEqual([])
    channels = built.routes
    expect(channels.map((r) => r.channel.name)).toEqual(['pagerduty', 'discord', 'webhook'])
  })
  afterAll(async () => {
    await Promise.all([pagerduty?.stop(), discord?.stop(), receiver?.stop()])
    await table?.close()
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
