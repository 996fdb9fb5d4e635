// The alarm notifier: CloudWatch alarm → SNS → this function → the outbox → the same Slack/Telegram channels.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createAlarmNotifierHandler,
  formatAlarmText,
  parseAlarmNotification,
} from '../../functions/handlers/alarmNotifier.js'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { createOutbox } from '../../functions/alerts/createOutbox.js'
import { buildChannels } from '../../functions/notify/buildChannels.js'
import { createDynamoStore } from '../../functions/store/createDynamoStore.js'
import { createTableIfMissing } from '../../functions/store/createTableIfMissing.js'
import { type EmbeddedDynamo, startEmbeddedDynamo } from '../../functions/store/startEmbeddedDynamo.js'
import { checkTelegramHtml } from '../fakes/checkTelegramHtml.js'
import { startFakeSlack, type FakeSlack } from '../fakes/startFakeSlack.js'
import { startFakeTelegram, type FakeTelegram } from '../fakes/startFakeTelegram.js'

const alarmMessage = JSON.stringify({
  AlarmName: 'L2Watchtower-prod-heartbeat-missing',
  AlarmDescription: "DEAD MAN'S SWITCH: no completed tick for 5 minutes.",
  AWSAccountId: '123456789012',
  NewStateValue: 'ALARM',
  NewStateReason: 'Threshold Crossed: 5 out of the last 5 datapoints were less than the threshold (1.0).',
  StateChangeTime: '2026-01-01T00:00:00.000+0000',
  Region: 'EU (Ireland)',
  OldStateValue: 'OK',
})

const snsEvent = (...messages: string[]) => ({
  Records: messages.map((Message, i) => ({ Sns: { Message, MessageId: `msg-${i}`, Timestamp: '1970-01-01T00:33:20.000Z', Subject: 'ALARM: "x"' } })) as never,
})

const silentLogger = { info: () => {}, warn: () => {}, error: () => {} }

describe('alarm notifier messages', () => {
  it('parses a CloudWatch alarm notification and formats "Watchtower itself is unhealthy: <name> <state> <reason>"', () => {
    const alarm = parseAlarmNotification(alarmMessage)
    expect(alarm).toMatchObject({ alarmName: 'L2Watchtower-prod-heartbeat-missing', state: 'ALARM', previousState: 'OK' })
    const text = formatAlarmText(alarm, 'prod')
    expect(text.split('\n')[0]).toBe(
      'Watchtower itself is unhealthy: L2Watchtower-prod-heartbeat-missing ALARM Threshold Crossed: 5 out of the last 5 datapoints were less than the threshold (1.0).',
    )
    expect(text).toContain("DEAD MAN'S SWITCH")
    expect(text).toContain('(stage prod, EU (Ireland), at 2026-01-01T00:00:00.000+0000)')
  })

  it('says so when an alarm clears, and passes other SNS messages through', () => {
    const ok = parseAlarmNotification(JSON.stringify({ AlarmName: 'a', NewStateValue: 'OK', NewStateReason: 'back' }))
    expect(formatAlarmText(ok)).toBe('Watchtower is healthy again: a OK back')
    expect(parseAlarmNotification('hello', 'Test')).toEqual({ alarmName: 'Test', state: 'MESSAGE', reason: 'hello' })
  })
})

describe('alarm notifier handler (through the outbox)', () => {
  let slack: FakeSlack
  let telegram: FakeTelegram
  let server: EmbeddedDynamo
  let client: DynamoDBClient
  let tables = 0
  beforeAll(async () => {
    ;[slack, telegram, server] = await Promise.all([startFakeSlack({ token: 'xoxb-test' }), startFakeTelegram({ token: '123:abc' }), startEmbeddedDynamo()])
    client = new DynamoDBClient({ endpoint: server.endpoint, region: 'local', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } })
  })
  afterAll(async () => {
    client?.destroy()
    await Promise.all([slack?.stop(), telegram?.stop(), server?.close()])
  })

  /** The deployed wiring's parts: the table's outbox and the channels buildChannels makes from `notify`. */
  async function outboxFor(notify: Record<string, unknown>, env: Record<string, string>) {
    const tableName = `alarms-${++tables}`
    await createTableIfMissing(client, tableName)
    const store = createDynamoStore({ tableName, client })
    const { routes: channels, problems } = buildChannels(notify as never, env, { console: false })
    return { store, problems, outbox: Object.assign(createOutbox(store, channels), { channels: channels.length }) }
  }
  const bothChannels = () => ({
    slack: { channel: '#ops', tokenEnv: 'SLACK_BOT_TOKEN', apiUrl: slack.apiUrl },
    telegram: { chatId: '-100', tokenEnv: 'TELEGRAM_BOT_TOKEN', apiRoot: telegram.apiRoot },
  })
  const tokens = { SLACK_BOT_TOKEN: 'xoxb-test', TELEGRAM_BOT_TOKEN: '123:abc' }

  it('queues every alarm in the outbox and delivers it to Slack and Telegram', async () => {
    const { outbox, problems, store } = await outboxFor(bothChannels(), tokens)
    expect(problems).toEqual([])
    const slackBefore = slack.posted().length
    const handler = createAlarmNotifierHandler({ outbox: async () => outbox, logger: silentLogger, stage: 'prod', clock: () => 1000 })
    expect(await handler(snsEvent(alarmMessage))).toEqual({ messages: 1, delivered: 2, failed: 0 })
    const post = slack.posted()[slackBefore]
    expect(post?.body).toMatchObject({ channel: '#ops' })
    expect(String(post?.body.text)).toMatch(/Watchtower itself is unhealthy: L2Watchtower-prod-heartbeat-missing ALARM/)
    const sent = telegram.requests.filter((r) => r.method === 'sendMessage').at(-1)
    expect(sent?.body).toMatchObject({ chat_id: '-100' })
    expect(String(sent?.body.text)).toContain('ALARM')
    expect(String(sent?.body.text)).toContain('stage prod')
    expect(checkTelegramHtml(String(sent?.body.text))).toBeUndefined()
    expect(await store.getOutbox('slack')).toEqual([])
  })

  it('Slack down: Lambda is told to retry while the alarm reached no channel; the retry sends it once, and never twice where it went', async () => {
    const { outbox } = await outboxFor({ slack: bothChannels().slack }, tokens)
    let now = 2000
    const handler = createAlarmNotifierHandler({ outbox: async () => outbox, logger: silentLogger, clock: () => now })
    const event = snsEvent(alarmMessage)
    slack.outage({ status: 500 })
    const before = slack.posted().length
    const error = await handler(event).catch((e: unknown) => e as Error)
    expect((error as Error).message).toMatch(/^alarm\(s\) reached no channel yet \(queued, retried\): health#msg-0$/)
    slack.recover()
    now += 60 // SNS → Lambda retries after about a minute
    expect(await handler(event)).toEqual({ messages: 1, delivered: 1, failed: 0 })
    now += 60
    expect(await handler(event)).toEqual({ messages: 1, delivered: 0, failed: 0 }) // a duplicate delivery of the SNS message
    expect(slack.posted().slice(before).filter((r) => /heartbeat-missing/.test(String(r.body.text)))).toHaveLength(1)
  })

  it('partial failure is logged, not retried (the channel that worked would get it twice); tokens never reach the logs', async () => {
    const { outbox, problems } = await outboxFor(
      { slack: bothChannels().slack, telegram: { chatId: '-100', tokenEnv: 'T', apiRoot: telegram.apiRoot } },
      { SLACK_BOT_TOKEN: 'xoxb-test', T: '999:wrong-token' },
    )
    expect(problems).toEqual([])
    const logged: string[] = []
    const logger = { info: () => {}, warn: () => {}, error: (...args: unknown[]) => logged.push(JSON.stringify(args)) }
    const handler = createAlarmNotifierHandler({ outbox: async () => outbox, logger, clock: () => 3000 })
    expect(await handler(snsEvent(alarmMessage, alarmMessage))).toEqual({ messages: 2, delivered: 2, failed: 2 })
    expect(logged.join('\n')).toMatch(/alarm delivery failed/)
    expect(logged.join('\n')).not.toContain('wrong-token')
  })

  it('logs instead of queueing when no channel is configured', async () => {
    const { outbox, store } = await outboxFor({}, {})
    const handler = createAlarmNotifierHandler({ outbox: async () => outbox, logger: silentLogger })
    expect(await handler(snsEvent(alarmMessage))).toEqual({ messages: 1, delivered: 0, failed: 0 })
    expect(await store.getOutbox('slack')).toEqual([])
  })
})
