// The alarm notifier: CloudWatch alarm → SNS → this function → the same Slack/Telegram channels.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createAlarmNotifierHandler,
  formatAlarmText,
  parseAlarmNotification,
} from '../../functions/handlers/alarmNotifier.js'
import { createTextPosters, type TextPoster } from '../../functions/notify/createTextPosters.js'
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
  Records: messages.map((Message) => ({ Sns: { Message, Subject: 'ALARM: "x"' } })) as never,
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

describe('alarm notifier handler', () => {
  let slack: FakeSlack
  let telegram: FakeTelegram
  beforeAll(async () => {
    ;[slack, telegram] = await Promise.all([startFakeSlack({ token: 'xoxb-test' }), startFakeTelegram({ token: '123:abc' })])
  })
  afterAll(async () => {
    await Promise.all([slack?.stop(), telegram?.stop()])
  })

  it('posts every alarm to Slack and Telegram as plain text', async () => {
    const { posters, problems } = createTextPosters(
      {
        slack: { channel: '#ops', tokenEnv: 'SLACK_BOT_TOKEN', apiUrl: slack.apiUrl },
        telegram: { chatId: '-100', tokenEnv: 'TELEGRAM_BOT_TOKEN', apiRoot: telegram.apiRoot },
      } as never,
      { SLACK_BOT_TOKEN: 'xoxb-test', TELEGRAM_BOT_TOKEN: '123:abc' },
    )
    expect(problems).toEqual([])
    const handler = createAlarmNotifierHandler({ posters: async () => posters, logger: silentLogger, stage: 'prod' })
    expect(await handler(snsEvent(alarmMessage))).toEqual({ messages: 1, delivered: 2, failed: 0 })
    const post = slack.requests.find((r) => r.method === 'chat.postMessage')
    expect(post?.body).toMatchObject({ channel: '#ops' })
    expect(String(post?.body.text)).toMatch(/^Watchtower itself is unhealthy: L2Watchtower-prod-heartbeat-missing ALARM/)
    const sent = telegram.requests.find((r) => r.method === 'sendMessage')
    expect(sent?.body).toMatchObject({ chat_id: '-100' })
    expect(sent?.body.parse_mode).toBeUndefined()
    expect(String(sent?.body.text)).toContain('ALARM')
  })

  it('reports channels whose token is not set', () => {
    const { posters, problems } = createTextPosters({ slack: { channel: '#ops', tokenEnv: 'SLACK_BOT_TOKEN' } } as never, {})
    expect(posters).toEqual([])
    expect(problems).toEqual(['notify.slack: environment variable SLACK_BOT_TOKEN is not set; Slack is off'])
  })

  it('fails (so Lambda retries) only when a message reached no channel, and never leaks the token', async () => {
    const { posters } = createTextPosters(
      { telegram: { chatId: '-100', tokenEnv: 'T', apiRoot: telegram.apiRoot } } as never,
      { T: '999:wrong-token' },
    )
    const handler = createAlarmNotifierHandler({ posters: async () => posters, logger: silentLogger })
    const error = await handler(snsEvent(alarmMessage)).catch((e: unknown) => e as Error)
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message).toBe('alarm(s) reached no channel: L2Watchtower-prod-heartbeat-missing')

    const failing: TextPoster = { name: 'slack', post: async () => Promise.reject(new Error('down')) }
    const working: TextPoster = { name: 'telegram', post: async () => {} }
    const partial = createAlarmNotifierHandler({ posters: async () => [failing, working], logger: silentLogger })
    expect(await partial(snsEvent(alarmMessage, alarmMessage))).toEqual({ messages: 2, delivered: 2, failed: 2 })

    const rejected = await posters[0]!.post('x').catch((e: unknown) => e as Error)
    expect(String((rejected as Error).message)).not.toContain('wrong-token')
  })

  it('logs instead of posting when no channel is configured', async () => {
    const handler = createAlarmNotifierHandler({ posters: async () => [], logger: silentLogger })
    expect(await handler(snsEvent(alarmMessage))).toEqual({ messages: 1, delivered: 0, failed: 0 })
  })
})
