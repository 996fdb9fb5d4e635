import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createSlackNotifier } from '../../functions/notify/createSlackNotifier.js'
import { createTelegramNotifier } from '../../functions/notify/createTelegramNotifier.js'
import type { Notifier } from '../../functions/notify/Notifier.js'
import { notifyAll } from '../../functions/notify/notifyAll.js'
import type { StatusChange } from '../../functions/types.js'
import { startFakeSlack, type FakeSlack } from '../fakes/startFakeSlack.js'
import { startFakeTelegram, type FakeTelegram } from '../fakes/startFakeTelegram.js'
import { change } from './sampleChanges.js'

const SLACK_TOKEN = 'xoxb-slack-s3cr3t'
const TELEGRAM_TOKEN = '42:telegram-s3cr3t'

/** Records calls; fails for the chains listed. */
function recordingNotifier(name: string, failFor: string[] = []) {
  const calls: StatusChange[][] = []
  const notifier: Notifier = {
    name,
    async notify(changes) {
      calls.push([...changes])
      const chain = changes[0]?.verdict.chain ?? ''
      if (failFor.includes(chain)) throw new Error(`${name} broke for ${chain}`)
    },
  }
  return { notifier, calls }
}

describe('notifyAll', () => {
  let slack: FakeSlack
  let telegram: FakeTelegram
  beforeEach(async () => {
    ;[slack, telegram] = await Promise.all([startFakeSlack({ token: SLACK_TOKEN }), startFakeTelegram()])
  })
  afterEach(async () => {
    await Promise.all([slack.stop(), telegram.stop()])
  })

  it('still delivers to Telegram when Slack fails, and says which channel failed', async () => {
    slack.failNext(1, { status: 500 })
    const notifiers = [
      createSlackNotifier({ channel: 'C0ALERTS', tokenEnv: 'SLACK_BOT_TOKEN', apiUrl: slack.apiUrl }, SLACK_TOKEN),
      createTelegramNotifier({ chatId: '42', tokenEnv: 'TELEGRAM_BOT_TOKEN', apiRoot: telegram.apiRoot }, TELEGRAM_TOKEN),
    ]

    const outcomes = await notifyAll(notifiers, [change()])

    expect(outcomes).toEqual([
      { channel: 'slack', ok: false, error: 'Slack alert for op-mainnet failed: HTTP 500 Internal Server Error' },
      { channel: 'telegram', ok: true },
    ])
    expect(telegram.requests.map((r) => r.method)).toEqual(['sendMessage'])
    expect(telegram.requests[0]?.body.text).toContain('op-mainnet')
  })

  it('sends one message per chain per channel', async () => {
    const notifiers = [
      createSlackNotifier({ channel: 'C0ALERTS', tokenEnv: 'SLACK_BOT_TOKEN', apiUrl: slack.apiUrl }, SLACK_TOKEN),
      createTelegramNotifier({ chatId: '42', tokenEnv: 'TELEGRAM_BOT_TOKEN', apiRoot: telegram.apiRoot }, TELEGRAM_TOKEN),
    ]
    const changes = [
      change(),
      change({ verdict: { chain: 'base', check: 'sequencer-lag', status: 'warn' } }),
      change({ verdict: { check: 'state-root-finality', status: 'warn' } }),
    ]

    const outcomes = await notifyAll(notifiers, changes)

    expect(outcomes.every((outcome) => outcome.ok)).toBe(true)
    expect(slack.requests).toHaveLength(2)
    expect(telegram.requests).toHaveLength(2)
    const slackTexts = slack.requests.map((r) => String(r.body.text))
    expect(slackTexts[0]).toMatch(/^🚨 op-mainnet liveness CRIT: .*; state-root-finality WARN: /)
    expect(slackTexts[1]).toMatch(/^⚠️ base sequencer-lag WARN: /)
  })

  it('keeps going to the next chain when one chain fails on a channel', async () => {
    const flaky = recordingNotifier('flaky', ['op-mainnet'])
    const steady = recordingNotifier('steady')
    const changes = [change(), change({ verdict: { chain: 'base' } })]

    const outcomes = await notifyAll([flaky.notifier, steady.notifier], changes)

    expect(outcomes).toEqual([
      { channel: 'flaky', ok: false, error: 'flaky broke for op-mainnet' },
      { channel: 'steady', ok: true },
    ])
    expect(flaky.calls.map((call) => call.map((c) => c.verdict.chain))).toEqual([['op-mainnet'], ['base']])
    expect(steady.calls).toHaveLength(2)
  })

  it('names the chain when a plain error does not', async () => {
    const broken: Notifier = {
      name: 'broken',
      notify: () => Promise.reject(new Error('boom')),
    }
    expect(await notifyAll([broken], [change()])).toEqual([{ channel: 'broken', ok: false, error: 'op-mainnet: boom' }])
  })

  it('sends nothing when nothing changed', async () => {
    const quiet = recordingNotifier('quiet')
    expect(await notifyAll([quiet.notifier], [])).toEqual([])
    expect(quiet.calls).toHaveLength(0)
  })
})
