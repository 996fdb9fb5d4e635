import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTelegramChannel } from '../../functions/notify/createTelegramChannel.js'
import { startFakeTelegram, type FakeTelegram } from '../fakes/startFakeTelegram.js'
import { everythingAbout, notifyRejection } from './errorHelpers.js'
import { change } from './sampleChanges.js'

// Shaped like a real token (`<bot id>:<secret>`), which telegraf itself partly redacts…
const TOKEN = '7012345678:AAE-s3cr3tT0k3nValue_xyz'
// …and one it does not recognise, so our redaction alone must hide it.
const ODD_TOKEN = 'not-a-telegram-shaped-s3cr3t'

describe('createTelegramChannel against a fake Bot API', () => {
  let telegram: FakeTelegram
  beforeEach(async () => {
    telegram = await startFakeTelegram()
  })
  afterEach(async () => {
    await telegram.stop()
  })

  const channelFor = (token = TOKEN, timeoutMs?: number) =>
    createTelegramChannel(
      { chatId: '-1001234567890', tokenEnv: 'TELEGRAM_BOT_TOKEN', apiRoot: telegram.apiRoot },
      token,
      timeoutMs === undefined ? {} : { timeoutMs },
    )

  it('sends one sendMessage in HTML to the chat, with chain, check and status', async () => {
    const channel = channelFor()
    expect(channel.name).toBe('telegram')

    await channel.send([change(), change({ verdict: { check: 'state-root-finality', status: 'warn' } })])

    expect(telegram.requests).toHaveLength(1)
    const [request] = telegram.requests
    expect(request?.method).toBe('sendMessage')
    expect(request?.token).toBe(TOKEN)
    expect(request?.body).toMatchObject({
      chat_id: '-1001234567890',
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
    })
    expect(request?.body.text).toContain('<b>op-mainnet</b>')
    expect(request?.body.text).toContain('<b>liveness</b>: ok → crit')
    expect(request?.body.text).toContain('state-root-finality WARN')
    // Only sendMessage: no getMe, no polling.
    expect(telegram.requests.map((r) => r.method)).toEqual(['sendMessage'])
  })

  it('gets hostile text through Telegram’s HTML parser', async () => {
    await channelFor().send([change({ verdict: { reason: '<b>unclosed & "quoted" </i>' } })])
    expect(telegram.requests).toHaveLength(1)
  })

  it('rejects with NotifyError carrying retry_after on 429', async () => {
    telegram.failNext(1, { status: 429 })
    const error = await notifyRejection(channelFor().send([change()]))
    expect(error.channel).toBe('telegram')
    expect(error.status).toBe(429)
    expect(error.retryAfter).toBe(5)
    expect(error.shortMessage).toBe('Telegram alert for op-mainnet failed: 429 Too Many Requests: retry after 5')
    expect(telegram.requests).toHaveLength(1)
  })

  it('rejects on 500 without the token', async () => {
    telegram.failNext(1, { status: 500 })
    const error = await notifyRejection(channelFor().send([change()]))
    expect(error.status).toBe(500)
    expect(everythingAbout(error)).not.toContain(TOKEN)
  })

  it.each([TOKEN, ODD_TOKEN])('redacts the token (%#) from errors whose message holds the request URL', async (token) => {
    // A non-JSON error page makes node-fetch throw "invalid json response body at <url with /bot<token>/>".
    telegram.failNext(1, { status: 502, body: '<html>Bad Gateway</html>' })
    telegram.failNext(1, { status: 404, body: '<html>nginx</html>' })
    const channel = channelFor(token)
    const gateway = await notifyRejection(channel.send([change()]))
    const page = await notifyRejection(channel.send([change()]))
    expect(page.message).toContain('[REDACTED]')
    for (const error of [gateway, page]) expect(everythingAbout(error)).not.toContain(token)
  })

  it('redacts the token when the API is unreachable', async () => {
    const apiRoot = telegram.apiRoot
    await telegram.stop()
    telegram = await startFakeTelegram()
    const channel = createTelegramChannel({ chatId: '42', tokenEnv: 'TELEGRAM_BOT_TOKEN', apiRoot }, ODD_TOKEN)
    const error = await notifyRejection(channel.send([change()]))
    expect(error.shortMessage).toContain('ECONNREFUSED')
    expect(error.shortMessage).toContain('/bot[REDACTED]/sendMessage')
    expect(everythingAbout(error)).not.toContain(ODD_TOKEN)
  })

  it('reports a wrong token as 401', async () => {
    await telegram.stop()
    telegram = await startFakeTelegram({ token: TOKEN })
    const error = await notifyRejection(channelFor('123:wrong').send([change()]))
    expect(error.status).toBe(401)
    expect(error.apiError).toBe('Unauthorized')
  })

  it('times out a hanging API (telegraf’s own timeout is 500 s)', async () => {
    telegram.failNext(1, { status: 200, body: { ok: true, result: {} }, delayMs: 2_000 })
    const error = await notifyRejection(channelFor(TOKEN, 200).send([change()]))
    expect(error.shortMessage).toBe('Telegram alert for op-mainnet failed: no answer within 200 ms')
  })
})
