import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { BreakerAnnouncement } from '../../functions/alerts/OutboxEntry.js'
import { createSlackChannel } from '../../functions/notify/createSlackChannel.js'
import { WatchtowerError } from '../../functions/errors/WatchtowerError.js'
import { startFakeSlack, type FakeSlack } from '../fakes/startFakeSlack.js'
import { everythingAbout, notifyRejection } from './errorHelpers.js'
import { change } from './sampleChanges.js'

const TOKEN = 'xoxb-1234-5678-s3cr3tT0k3n'

describe('createSlackChannel against a fake Slack Web API', () => {
  let slack: FakeSlack
  beforeEach(async () => {
    slack = await startFakeSlack({ token: TOKEN })
  })
  afterEach(async () => {
    await slack.stop()
  })

  it('with chat ops on, a "resuming is safe" announcement carries a Resume button; other announcements and chat ops off carry none', async () => {
    const safe: BreakerAnnouncement = { level: 'ok', title: 'Resuming pause-base is safe', lines: ['the chain is healthy again'], event: 'resume-safe', action: 'pause-base', chain: 'base' }
    const withButtons = createSlackChannel({ channel: 'C1', tokenEnv: 'S', apiUrl: slack.apiUrl }, TOKEN, { buttons: () => [] })
    await withButtons.announce!(safe)
    const paused: BreakerAnnouncement = { ...safe, event: 'paused', title: 'Breaker PAUSED: pause-base' }
    await withButtons.announce!(paused)
    await createSlackChannel({ channel: 'C1', tokenEnv: 'S', apiUrl: slack.apiUrl }, TOKEN).announce!(safe)
    const actionsOf = (i: number) => (slack.requests[i]?.body.blocks as { type: string; elements?: { value: string }[] }[]).filter((block) => block.type === 'actions')
    expect(actionsOf(0).flatMap((block) => block.elements!.map((e) => e.value))).toEqual(['resume pause-base'])
    expect(actionsOf(1)).toEqual([])
    expect(actionsOf(2)).toEqual([])
  })

  it('posts exactly one chat.postMessage per notify with channel, token, text and blocks', async () => {
    const channel = createSlackChannel({ channel: 'C0ALERTS', tokenEnv: 'SLACK_BOT_TOKEN', apiUrl: slack.apiUrl }, TOKEN)
    expect(channel.name).toBe('slack')

    await channel.send([
      change(),
      change({ verdict: { check: 'sequencer-lag', status: 'warn', reason: 'safe head 12 min behind' } }),
    ])

    expect(slack.requests).toHaveLength(1)
    const [request] = slack.requests
    expect(request?.method).toBe('chat.postMessage')
    expect(request?.token).toBe(TOKEN)
    expect(request?.body.channel).toBe('C0ALERTS')
    expect(request?.body.text).toContain('op-mainnet')
    expect(request?.body.text).toContain('liveness CRIT')
    expect(request?.body.text).toContain('sequencer-lag WARN')
    expect(request?.body.unfurl_links).toBe('false')
    // The client sends blocks as a JSON string in a form field; the fake parses it back.
    expect(Array.isArray(request?.body.blocks)).toBe(true)
    const blocks = JSON.stringify(request?.body.blocks)
    expect(blocks).toContain('op-mainnet')
    expect(blocks).toContain('liveness')
    expect(blocks).toContain('ok → crit')
  })

  it('accepts an apiUrl without the trailing slash', async () => {
    const channel = createSlackChannel(
      { channel: 'C0ALERTS', tokenEnv: 'SLACK_BOT_TOKEN', apiUrl: slack.apiUrl.replace(/\/$/, '') },
      TOKEN,
    )
    await channel.send([change()])
    expect(slack.requests.map((r) => r.method)).toEqual(['chat.postMessage'])
  })

  it('sends nothing for no changes', async () => {
    const channel = createSlackChannel({ channel: 'C0ALERTS', tokenEnv: 'SLACK_BOT_TOKEN', apiUrl: slack.apiUrl }, TOKEN)
    await channel.send([])
    expect(slack.requests).toHaveLength(0)
  })

  it('rejects with NotifyError on HTTP 500, once (no retries), without the token anywhere', async () => {
    slack.failNext(1, { status: 500 })
    const channel = createSlackChannel({ channel: 'C0ALERTS', tokenEnv: 'SLACK_BOT_TOKEN', apiUrl: slack.apiUrl }, TOKEN)

    const error = await notifyRejection(channel.send([change()]))

    expect(error).toBeInstanceOf(WatchtowerError)
    expect(error.channel).toBe('slack')
    expect(error.chain).toBe('op-mainnet')
    expect(error.status).toBe(500)
    expect(error.shortMessage).toBe('Slack alert for op-mainnet failed: HTTP 500 Internal Server Error')
    expect(everythingAbout(error)).not.toContain(TOKEN)
    expect(slack.requests).toHaveLength(1)
  })

  it('reports the platform error for a wrong token', async () => {
    const channel = createSlackChannel(
      { channel: 'C0ALERTS', tokenEnv: 'SLACK_BOT_TOKEN', apiUrl: slack.apiUrl },
      'xoxb-wrong-token',
    )
    const error = await notifyRejection(channel.send([change()]))
    expect(error.apiError).toBe('invalid_auth')
    expect(error.message).toContain('invalid_auth')
    expect(everythingAbout(error)).not.toContain('xoxb-wrong-token')
  })

  it('fails fast on 429 instead of sleeping through Retry-After', async () => {
    slack.failNext(1, { status: 429, headers: { 'Retry-After': '30' } })
    const channel = createSlackChannel({ channel: 'C0ALERTS', tokenEnv: 'SLACK_BOT_TOKEN', apiUrl: slack.apiUrl }, TOKEN)

    const started = Date.now()
    const error = await notifyRejection(channel.send([change()]))

    expect(Date.now() - started).toBeLessThan(5_000)
    expect(error.status).toBe(429)
    expect(error.retryAfter).toBe(30)
    expect(slack.requests).toHaveLength(1)
  })

  it('times out a hanging API', async () => {
    slack.failNext(1, { status: 200, body: { ok: true }, delayMs: 2_000 })
    const channel = createSlackChannel(
      { channel: 'C0ALERTS', tokenEnv: 'SLACK_BOT_TOKEN', apiUrl: slack.apiUrl },
      TOKEN,
      { timeoutMs: 200 },
    )
    const error = await notifyRejection(channel.send([change()]))
    expect(error.shortMessage).toBe('Slack alert for op-mainnet failed: no answer within 200 ms')
  })

  it('reports an unreachable API without the token', async () => {
    const apiUrl = slack.apiUrl
    await slack.stop()
    slack = await startFakeSlack()
    const channel = createSlackChannel({ channel: 'C0ALERTS', tokenEnv: 'SLACK_BOT_TOKEN', apiUrl }, TOKEN)
    const error = await notifyRejection(channel.send([change()]))
    expect(error.shortMessage).toMatch(/ECONNREFUSED/)
    expect(everythingAbout(error)).not.toContain(TOKEN)
  })
})
