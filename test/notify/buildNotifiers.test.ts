import { describe, expect, it } from 'vitest'
import { buildNotifiers } from '../../functions/notify/buildNotifiers.js'
import type { WatchtowerConfig } from '../../functions/config/schema.js'
import { change } from './sampleChanges.js'

const notify: WatchtowerConfig['notify'] = {
  slack: { channel: 'C0ALERTS', tokenEnv: 'SLACK_BOT_TOKEN' },
  telegram: { chatId: '42', tokenEnv: 'TELEGRAM_BOT_TOKEN' },
}

describe('buildNotifiers', () => {
  it('creates Slack, Telegram and console notifiers when the tokens are set', () => {
    const { notifiers, problems } = buildNotifiers(notify, { SLACK_BOT_TOKEN: 'xoxb-1', TELEGRAM_BOT_TOKEN: '1:a' })
    expect(notifiers.map((n) => n.name)).toEqual(['slack', 'telegram', 'console'])
    expect(problems).toEqual([])
  })

  it('reports a configured channel whose token variable is missing (or blank) instead of failing', () => {
    const { notifiers, problems } = buildNotifiers(notify, { TELEGRAM_BOT_TOKEN: '   ' })
    expect(notifiers.map((n) => n.name)).toEqual(['console'])
    expect(problems).toEqual([
      'notify.slack: environment variable SLACK_BOT_TOKEN is not set; Slack alerts are off',
      'notify.telegram: environment variable TELEGRAM_BOT_TOKEN is not set; Telegram alerts are off',
    ])
  })

  it('reads the variable the config names', () => {
    const { notifiers, problems } = buildNotifiers(
      { slack: { channel: 'C0ALERTS', tokenEnv: 'OPS_SLACK_TOKEN' } },
      { SLACK_BOT_TOKEN: 'xoxb-ignored', OPS_SLACK_TOKEN: 'xoxb-1' },
    )
    expect(notifiers.map((n) => n.name)).toEqual(['slack', 'console'])
    expect(problems).toEqual([])
  })

  it('needs nothing when no channel is configured, and can leave out the console', () => {
    expect(buildNotifiers({}, {}).notifiers.map((n) => n.name)).toEqual(['console'])
    expect(buildNotifiers({}, {}, { console: false })).toEqual({ notifiers: [], problems: [] })
  })

  it('wires the console notifier to the given writer, one line per change', async () => {
    const lines: string[] = []
    const [consoleNotifier] = buildNotifiers({}, {}, { write: (line) => lines.push(line) }).notifiers
    await consoleNotifier?.notify([
      change(),
      change({ previous: 'warn', verdict: { check: 'sequencer-lag', status: 'unknown', value: null, reason: 'rpc down' } }),
    ])
    expect(lines).toEqual([
      'op-mainnet liveness ok→crit value=2820s (47 min): no new L2 block for 47 min',
      'op-mainnet sequencer-lag warn→unknown value=n/a: rpc down',
    ])
  })
})
