import { describe, expect, it } from 'vitest'
import { buildChannels } from '../../functions/notify/buildChannels.js'
import type { WatchtowerConfig } from '../../functions/config/schema.js'
import { change } from './sampleChanges.js'

const notify: WatchtowerConfig['notify'] = {
  slack: { channel: 'C0ALERTS', tokenEnv: 'SLACK_BOT_TOKEN' },
  telegram: { chatId: '42', tokenEnv: 'TELEGRAM_BOT_TOKEN' },
}

describe('buildChannels', () => {
  it('creates Slack, Telegram and console channels when the tokens are set', () => {
    const { routes, console, problems } = buildChannels(notify, { SLACK_BOT_TOKEN: 'xoxb-1', TELEGRAM_BOT_TOKEN: '1:a' })
    expect(routes.map((r) => r.channel.name)).toEqual(['slack', 'telegram'])
    expect(console?.name).toBe('console')
    expect(problems).toEqual([])
  })

  it('reports a configured channel whose token variable is missing (or blank) instead of failing', () => {
    const { routes, problems } = buildChannels(notify, { TELEGRAM_BOT_TOKEN: '   ' })
    expect(routes).toEqual([])
    expect(problems).toEqual([
      'notify.slack: environment variable SLACK_BOT_TOKEN is not set; Slack alerts are off',
      'notify.telegram: environment variable TELEGRAM_BOT_TOKEN is not set; Telegram alerts are off',
    ])
  })

  it('reads the variable the config names, with the routing keys', () => {
    const { routes, problems } = buildChannels(
      { slack: { channel: 'C0ALERTS', tokenEnv: 'OPS_SLACK_TOKEN', severities: ['crit'], chains: ['base'] } },
      { SLACK_BOT_TOKEN: 'xoxb-ignored', OPS_SLACK_TOKEN: 'xoxb-1' },
    )
    expect(routes.map((r) => [r.channel.name, r.severities, r.chains])).toEqual([['slack', ['crit'], ['base']]])
    expect(problems).toEqual([])
  })

  it('needs nothing when no channel is configured, and can leave out the console', () => {
    expect(buildChannels({}, {}).console?.name).toBe('console')
    expect(buildChannels({}, {}, { console: false })).toEqual({ routes: [], problems: [] })
  })

  it('wires the console channel to the given writer, one line per change', async () => {
    const lines: string[] = []
    const consoleChannel = buildChannels({}, {}, { write: (line) => lines.push(line) }).console
    await consoleChannel?.send([
      change(),
      change({ previous: 'warn', verdict: { check: 'sequencer-lag', status: 'unknown', value: null, reason: 'rpc down' } }),
    ])
    expect(lines).toEqual([
      'op-mainnet liveness ok→crit value=2820s (47 min): no new L2 block for 47 min',
      'op-mainnet sequencer-lag warn→unknown value=n/a: rpc down',
    ])
  })
})
