import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBreaker } from '../../functions/breaker/createBreaker.js'
import { createBreakerStore } from '../../functions/breaker/breakerStore.js'
import { createChatopsDependencies } from '../../functions/chatops/createChatopsDependencies.js'
import type { ChatHttpDependencies } from '../../functions/chatops/handleChatHttp.js'
import { pollTelegramUpdates } from '../../functions/chatops/pollTelegramUpdates.js'
import { type ChatServer, startChatServer } from '../../functions/chatops/startChatServer.js'
import { signSlackRequest } from '../../functions/chatops/verifySlackSignature.js'
import { validateConfig } from '../../functions/config/parseConfig.js'
import type { WatchtowerConfig, WatchtowerConfigInput } from '../../functions/config/schema.js'
import { createDynamoStore } from '../../functions/store/createDynamoStore.js'
import type { CheckState, Store } from '../../functions/store/Store.js'
import { type Anvil, startAnvil } from '../devnet/anvil.js'
import { type BreakerTable, deployPausableTarget, fund, minedNonce, PAUSER_ADDRESS, PAUSER_PRIVATE_KEY, type PausableTarget, startBreakerTable } from '../devnet/breakerDevnet.js'
import { type FakeSlack, startFakeSlack } from '../fakes/startFakeSlack.js'
import { type FakeTelegram, startFakeTelegram } from '../fakes/startFakeTelegram.js'

/**
 * Chat ops through the real HTTP endpoints on loopback: signed, unsigned, stale and forged Slack requests, Telegram
 * webhooks and long polling against the fake Bot API (through telegraf), allowlists, the audit trail, and a chat
 * pause on anvil (armed, shadow, two approvals) carried out by the breaker's next tick.
 */
const signingSecret = 'slack-signing-secret-for-tests'
const secretToken = 'telegram-webhook-secret'
const telegramToken = '123456:chatops-test-token'
const chatId = '-100555'
const env = { SLACK_SIGNING_SECRET: signingSecret, TELEGRAM_WEBHOOK_SECRET: secretToken, TELEGRAM_BOT_TOKEN: telegramToken, SLACK_BOT_TOKEN: 'xoxb-chatops', PAUSER_KEY: PAUSER_PRIVATE_KEY }
const nowSeconds = () => Math.floor(Date.now() / 1000)

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe('chat ops endpoints', { timeout: 120_000 }, () => {
  let anvil: Anvil
  let dynamo: BreakerTable
  let slack: FakeSlack
  let telegram: FakeTelegram
  let target: PausableTarget
  const servers: ChatServer[] = []
  const logs: string[] = []

  beforeAll(async () => {
    ;[anvil, dynamo, slack, telegram] = await Promise.all([startAnvil({ chainId: 902 }), startBreakerTable(), startFakeSlack(), startFakeTelegram({ token: telegramToken })])
    target = await deployPausableTarget(anvil, { pauser: PAUSER_ADDRESS })
    await fund(anvil, PAUSER_ADDRESS)
  })

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()))
    await Promise.all([dynamo?.close(), slack?.stop(), telegram?.stop()])
    await anvil?.stop()
  })

  let tables = 0
  /** A fresh table, config and server per scenario. */
  async function scenario(overrides: { chatops?: Partial<NonNullable<WatchtowerConfigInput['chatops']>>; mode?: 'shadow' | 'armed'; target?: PausableTarget; grace?: number } = {}) {
    const tableName = await dynamo.table(`chatops-${++tables}`)
    const config: WatchtowerConfig = validateConfig({
      chains: [
        { name: 'base', stack: 'evm', l2Rpc: [anvil.url] },
        { name: 'op-mainnet', stack: 'evm', l2Rpc: [anvil.url] },
      ],
      notify: { slack: { channel: 'C0ALERTS', apiUrl: slack.apiUrl }, telegram: { chatId, apiRoot: telegram.apiRoot } },
      chatops: {
        slack: { allowedUsers: ['U0ALICE', 'U0BOB'] },
        telegram: { allowedUsers: [111, 222] },
        ...overrides.chatops,
      },
      breaker: {
        mode: overrides.mode ?? 'armed',
        signer: { privateKeyEnv: 'PAUSER_KEY' },
        actions: [{ name: 'pause-base', chain: 'base', checks: ['liveness'], target: { address: (overrides.target ?? target).address }, ...(overrides.grace !== undefined ? { grace: overrides.grace } : {}) }],
      },
    })
    const store = createDynamoStore({ tableName, client: dynamo.client })
    const deps = createChatopsDependencies({ config, store, table: { dynamo: dynamo.doc, tableName }, env, log: (line) => logs.push(line) })
    const server = await startChatServer(deps, '127.0.0.1:0')
    servers.push(server)
    const breaker = createBreaker({ config, tableName, dynamo: dynamo.doc, env, log: false, pollIntervalMs: 50 })
    return { config, store, deps, server, breaker, breakerStore: createBreakerStore(dynamo.doc, tableName) }
  }

  const incidentState = (check: 'liveness' | 'rpc-unavailable' = 'liveness'): CheckState => {
    const at = nowSeconds() - 600
    return { chain: 'base', check, status: 'crit', since: at, streak: 5, incident: { id: `base#${check}#${at}`, status: 'crit', openedAt: at, lastAlertAt: at }, value: 600, unit: 's', reason: 'no new block for 10m', threshold: { warn: 60, crit: 300 }, updatedAt: at, version: 3 }
  }

  function slackPost(server: ChatServer, path: '/slack/actions' | '/slack/commands', body: string, headers: Record<string, string>) {
    return fetch(`${server.origin}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body })
  }
  const buttonBody = (user: { id: string; username: string }, value: string, responseId: string) =>
    new URLSearchParams({
      payload: JSON.stringify({ type: 'block_actions', user, channel: { id: 'C0ALERTS' }, response_url: slack.responseUrl(responseId), actions: [{ type: 'button', action_id: 'watchtower_ack', value }] }),
    }).toString()
  const commandBody = (user: { id: string; name: string }, text: string, responseId: string) =>
    new URLSearchParams({ command: '/watchtower', text, user_id: user.id, user_name: user.name, channel_id: 'C0ALERTS', response_url: slack.responseUrl(responseId) }).toString()
  const answerTo = (id: string) => until(() => slack.responses.find((r) => r.id === id), `the Slack answer ${id}`)
  const ackedBy = async (store: Store) => (await store.getCheckStates()).get('base#liveness')?.incident?.ackedBy

  it('a signed block_actions Ack from an allowlisted user acks the incident; a bad signature or a 10-minute-old timestamp gets 401 and changes nothing', async () => {
    const { store, server, deps } = await scenario()
    expect(await store.putCheckState(incidentState(), undefined)).toBe(true)
    const body = buttonBody({ id: 'U0ALICE', username: 'alice' }, 'ack base liveness', 'ack-1')

    const forged = await slackPost(server, '/slack/actions', body, { 'x-slack-request-timestamp': String(nowSeconds()), 'x-slack-signature': `v0=${'ab'.repeat(32)}` })
    expect(forged.status).toBe(401)
    const otherSecret = await slackPost(server, '/slack/actions', body, signSlackRequest(body, nowSeconds(), 'not-the-secret'))
    expect(otherSecret.status).toBe(401)
    const stale = await slackPost(server, '/slack/actions', body, signSlackRequest(body, nowSeconds() - 600, signingSecret))
    expect(stale.status).toBe(401)
    const unsigned = await slackPost(server, '/slack/actions', body, {})
    expect(unsigned.status).toBe(401)
    await new Promise((r) => setTimeout(r, 300))
    expect(await ackedBy(store)).toBeUndefined()
    expect(slack.responses.filter((r) => r.id === 'ack-1')).toEqual([])
    expect(await deps.chatops.recentAudit(10)).toEqual([]) // unauthenticated: not attributable to anyone

    const signed = await slackPost(server, '/slack/actions', body, signSlackRequest(body, nowSeconds(), signingSecret))
    expect(signed.status).toBe(200)
    const answer = await answerTo('ack-1')
    expect(answer.body).toMatchObject({ response_type: 'in_channel', replace_original: false, text: expect.stringMatching(/^Acked by @alice \d\d:\d\d UTC: base#liveness\./) })
    const incident = (await store.getCheckStates()).get('base#liveness')!.incident!
    expect(incident).toMatchObject({ ackedStatus: 'crit', ackedBy: '@alice (slack U0ALICE)' })
    // Slack's certificate check of the slash command URL gets its 200 and leaves no audit line.
    const sslCheck = 'ssl_check=1&token=legacy'
    expect((await slackPost(server, '/slack/commands', sslCheck, signSlackRequest(sslCheck, nowSeconds(), signingSecret))).status).toBe(200)
    expect(await deps.chatops.recentAudit(10)).toEqual([
      expect.objectContaining({ channel: 'slack', user: { id: 'U0ALICE', name: 'alice' }, command: 'ack base liveness', outcome: 'accepted', detail: 'acknowledged base#liveness', chat: 'C0ALERTS' }),
    ])
  })

  it('refuses non-allowlisted users and plain mistakes politely, changing nothing, and audits both', async () => {
    const { store, server, deps } = await scenario()
    await store.putCheckState(incidentState(), undefined)
    const mallory = commandBody({ id: 'U0MALLORY', name: 'mallory' }, 'ack base', 'mallory-1')
    expect((await slackPost(server, '/slack/commands', mallory, signSlackRequest(mallory, nowSeconds(), signingSecret))).status).toBe(200)
    expect((await answerTo('mallory-1')).body).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/^Sorry @mallory, you are not on this watchtower's on-call list, so nothing was changed/) })

    const typo = commandBody({ id: 'U0BOB', name: 'bob' }, 'mute bsae 1h', 'typo-1')
    await slackPost(server, '/slack/commands', typo, signSlackRequest(typo, nowSeconds(), signingSecret))
    expect((await answerTo('typo-1')).body.text).toBe('no chain is named "bsae" (have base, op-mainnet, or all). Nothing was changed.')
    const duration = commandBody({ id: 'U0BOB', name: 'bob' }, 'mute base 90', 'duration-1')
    await slackPost(server, '/slack/commands', duration, signSlackRequest(duration, nowSeconds(), signingSecret))
    expect((await answerTo('duration-1')).body.text).toMatch(/^duration "90" needs a unit/)

    expect(await ackedBy(store)).toBeUndefined()
    expect(await store.getMutes()).toEqual([])
    const audit = await deps.chatops.recentAudit(10)
    expect(audit.map((e) => [e.user.id, e.command, e.outcome])).toEqual([
      ['U0BOB', 'mute base 90', 'refused'],
      ['U0BOB', 'mute bsae 1h', 'refused'],
      ['U0MALLORY', 'ack base', 'refused'],
    ])
    expect(audit[2]!.detail).toMatch(/not in chatops\.slack\.allowedUsers/)

    // status answers with the per-chain summary.
    const status = commandBody({ id: 'U0ALICE', name: 'alice' }, 'status', 'status-1')
    await slackPost(server, '/slack/commands', status, signSlackRequest(status, nowSeconds(), signingSecret))
    expect((await answerTo('status-1')).body.text).toMatch(/^base: CRIT \(liveness CRIT \[incident 10 min\]\)$/m)
  })

  it('Telegram: /mute base 1h from an allowlisted user in the configured chat stores the mute; another chat or user is refused and audited; a wrong secret token is 401', async () => {
    const { store, server, deps } = await scenario()
    const webhook = (update: unknown, token = secretToken) =>
      fetch(`${server.origin}/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': token }, body: JSON.stringify(update) })
    const message = (from: number, chat: string, text: string) => ({ update_id: 1, message: { message_id: 7, from: { id: from, is_bot: false, first_name: 'X', username: `user${from}` }, chat: { id: Number(chat), type: 'supergroup' }, date: nowSeconds(), text } })
    const sent = () => telegram.requests.filter((r) => r.method === 'sendMessage')
    const before = sent().length

    expect((await webhook(message(111, chatId, '/mute base 1h'), 'wrong-token')).status).toBe(401)
    expect((await webhook(message(111, chatId, '/mute base 1h'), '')).status).toBe(401)
    expect((await webhook(message(111, '-100999', '/mute base 1h'))).status).toBe(200)
    expect((await webhook(message(333, chatId, '/mute base 1h'))).status).toBe(200)
    await until(() => sent().length >= before + 2, 'two refusals')
    expect(await store.getMutes()).toEqual([])
    expect(sent().slice(before).map((r) => [r.body.chat_id, r.body.text])).toEqual(
      expect.arrayContaining([
        ['-100999', 'Sorry, this bot takes commands only in its on-call chat. Nothing was changed.'],
        [chatId, expect.stringMatching(/^Sorry @user333, you are not on this watchtower's on-call list/)],
      ]),
    )

    expect((await webhook(message(111, chatId, '/mute@watchtower_bot base 1h'))).status).toBe(200)
    const mutes = await until(async () => ((await store.getMutes()).length ? store.getMutes() : undefined), 'the mute')
    expect(mutes).toEqual([{ chain: 'base', check: '*', until: expect.any(Number), createdAt: expect.any(Number) }])
    expect(mutes[0]!.until - mutes[0]!.createdAt).toBe(3600)
    await until(() => sent().find((r) => /^Muted base for 60 min \(until .* UTC\) by @user111; alerts are still recorded\.$/.test(r.body.text)), 'the mute answer')

    const audit = await until(async () => ((await deps.chatops.recentAudit(10)).length >= 3 ? deps.chatops.recentAudit(10) : undefined), 'three audit lines')
    expect(audit.map((e) => [e.channel, e.user.id, e.chat, e.outcome]).sort()).toEqual(
      [
        ['telegram', '111', '-100999', 'refused'],
        ['telegram', '333', chatId, 'refused'],
        ['telegram', '111', chatId, 'accepted'],
      ].sort(),
    )
    expect(audit.find((e) => e.chat === '-100999')!.detail).toBe('chat -100999 is not the configured chat')
  })

  it('Telegram long polling: getUpdates through apiRoot, updates from the configured chat only', async () => {
    const { store, deps } = await scenario({ chatops: { telegram: { allowedUsers: [111], mode: 'polling' } } })
    const poller = pollTelegramUpdates(deps as ChatHttpDependencies, { timeoutSeconds: 1, retryMs: 100 })
    try {
      telegram.pushUpdate({ message: { message_id: 1, from: { id: 111, is_bot: false, first_name: 'A' }, chat: { id: -100999, type: 'group' }, date: nowSeconds(), text: '/mute all 2h' } })
      telegram.pushUpdate({ message: { message_id: 2, from: { id: 111, is_bot: false, first_name: 'A' }, chat: { id: Number(chatId), type: 'supergroup' }, date: nowSeconds(), text: '/mute op-mainnet 2h' } })
      const mutes = await until(async () => ((await store.getMutes()).length ? store.getMutes() : undefined), 'the polled mute')
      await new Promise((r) => setTimeout(r, 300))
      expect((await store.getMutes()).map((m) => m.chain)).toEqual(['op-mainnet'])
      expect(mutes[0]!.until - mutes[0]!.createdAt).toBe(7200)
      expect(telegram.requests.some((r) => r.method === 'getUpdates' && r.token === telegramToken)).toBe(true)
    } finally {
      await poller.stop()
    }
  })

  it('pause, armed: one approval queues nothing with pauseApprovals: 2; a second user approves and the next tick sends exactly one pause', async () => {
    const own = await deployPausableTarget(anvil, { pauser: PAUSER_ADDRESS })
    const { server, breaker, breakerStore, deps } = await scenario({ chatops: { pauseApprovals: 2 }, target: own })
    const nonce = await minedNonce(anvil, PAUSER_ADDRESS)
    const pause = commandBody({ id: 'U0ALICE', name: 'alice' }, 'pause pause-base', 'pause-1')
    await slackPost(server, '/slack/commands', pause, signSlackRequest(pause, nowSeconds(), signingSecret))
    const asked = await answerTo('pause-1')
    expect(asked.body.text).toMatch(/^Pause of pause-base requested by @alice \(slack U0ALICE\)\. A second allowlisted slack user must approve within 10 minutes/)
    const button = asked.body.blocks[1].elements[0]
    expect(button).toMatchObject({ type: 'button', action_id: 'watchtower_approve', text: { text: 'Approve pause pause-base' }, value: expect.stringMatching(/^approve [0-9a-f]{18}$/) })

    // One approval: the tick has nothing to do.
    expect(await breakerStore.getRequest('pause-base')).toBeUndefined()
    await breaker.afterTick({ results: [], now: nowSeconds() })
    expect(await own.isPaused()).toBe(false)
    expect(await minedNonce(anvil, PAUSER_ADDRESS)).toBe(nonce)

    // The requester cannot approve herself; a user not on the list cannot either.
    const self = buttonBody({ id: 'U0ALICE', username: 'alice' }, button.value, 'self-1')
    await slackPost(server, '/slack/actions', self, signSlackRequest(self, nowSeconds(), signingSecret))
    expect((await answerTo('self-1')).body.text).toMatch(/^Cannot approve: a second allowlisted user must approve: you requested it/)
    const stranger = buttonBody({ id: 'U0MALLORY', username: 'mallory' }, button.value, 'stranger-1')
    await slackPost(server, '/slack/actions', stranger, signSlackRequest(stranger, nowSeconds(), signingSecret))
    expect((await answerTo('stranger-1')).body.text).toMatch(/^Sorry @mallory/)
    expect(await breakerStore.getRequest('pause-base')).toBeUndefined()

    // Bob approves (twice, quickly: the second press is refused).
    const approve = buttonBody({ id: 'U0BOB', username: 'bob' }, button.value, 'approve-1')
    const again = buttonBody({ id: 'U0BOB', username: 'bob' }, button.value, 'approve-2')
    await Promise.all([
      slackPost(server, '/slack/actions', approve, signSlackRequest(approve, nowSeconds(), signingSecret)),
      slackPost(server, '/slack/actions', again, signSlackRequest(again, nowSeconds(), signingSecret)),
    ])
    const answers = [await answerTo('approve-1'), await answerTo('approve-2')].map((a) => a.body.text as string)
    expect(answers.filter((t) => /^Pause of pause-base accepted \(@alice \(slack U0ALICE\), approved by @bob \(slack U0BOB\)\)/.test(t))).toHaveLength(1)
    expect(answers.filter((t) => /^Cannot approve/.test(t))).toHaveLength(1)
    expect(await breakerStore.getRequest('pause-base')).toMatchObject({ kind: 'pause', by: ['@alice (slack U0ALICE)', '@bob (slack U0BOB)'] })

    // The next tick carries it out on the breaker's path; later ticks send nothing more.
    const [outcome] = await breaker.afterTick({ results: [], now: nowSeconds() })
    expect(outcome).toMatchObject({ action: 'pause-base', decision: 'paused' })
    expect(await own.isPaused()).toBe(true)
    expect(await minedNonce(anvil, PAUSER_ADDRESS)).toBe(nonce + 1)
    const [later] = await breaker.afterTick({ results: [], now: nowSeconds() + 15 })
    expect(later!.decision).not.toBe('paused')
    expect(await minedNonce(anvil, PAUSER_ADDRESS)).toBe(nonce + 1)
    expect(await breakerStore.getRequest('pause-base')).toBeUndefined()
    const status = await breaker.status()
    expect(status.actions[0]!.incident).toMatchObject({ outcome: 'paused', requestedBy: ['@alice (slack U0ALICE)', '@bob (slack U0BOB)'], mode: 'armed' })

    // A second chat pause of the paused target is refused at once.
    const twice = commandBody({ id: 'U0BOB', name: 'bob' }, 'pause pause-base', 'pause-2')
    await slackPost(server, '/slack/commands', twice, signSlackRequest(twice, nowSeconds(), signingSecret))
    expect((await answerTo('pause-2')).body.text).toMatch(/^Cannot pause pause-base: incident 000001 is open already: paused/)

    const audit = await deps.chatops.recentAudit(20)
    expect(audit.map((e) => [e.user.id, e.outcome]).reverse()).toEqual([
      ['U0ALICE', 'awaiting-approval'],
      ['U0ALICE', 'refused'],
      ['U0MALLORY', 'refused'],
      expect.anything(),
      expect.anything(),
      ['U0BOB', 'refused'],
    ])
  })

  it('pause, shadow mode: answers "would pause", stores no request, sends nothing', async () => {
    const own = await deployPausableTarget(anvil, { pauser: PAUSER_ADDRESS })
    const { server, breaker, breakerStore } = await scenario({ mode: 'shadow', target: own })
    const nonce = await minedNonce(anvil, PAUSER_ADDRESS)
    const pause = commandBody({ id: 'U0BOB', name: 'bob' }, 'pause pause-base', 'shadow-1')
    await slackPost(server, '/slack/commands', pause, signSlackRequest(pause, nowSeconds(), signingSecret))
    expect((await answerTo('shadow-1')).body.text).toMatch(/^Breaker is in shadow mode: would pause pause-base/)
    expect(await breakerStore.getRequest('pause-base')).toBeUndefined()
    await breaker.afterTick({ results: [], now: nowSeconds() })
    expect(await own.isPaused()).toBe(false)
    expect(await minedNonce(anvil, PAUSER_ADDRESS)).toBe(nonce)
  })

  it('pause, armed, one approval: a Telegram /pause is carried out by the next tick exactly once', async () => {
    const own = await deployPausableTarget(anvil, { pauser: PAUSER_ADDRESS })
    const { server, breaker } = await scenario({ target: own })
    const nonce = await minedNonce(anvil, PAUSER_ADDRESS)
    const update = { update_id: 9, message: { message_id: 9, from: { id: 222, is_bot: false, first_name: 'Bob' }, chat: { id: Number(chatId), type: 'supergroup' }, date: nowSeconds(), text: '/pause pause-base' } }
    const post = () => fetch(`${server.origin}/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secretToken }, body: JSON.stringify(update) })
    await post()
    await until(() => telegram.requests.find((r) => r.method === 'sendMessage' && /^Pause of pause-base accepted \(@Bob \(telegram 222\)\)/.test(r.body.text)), 'the accepted answer')
    // Telegram redelivers the same update: the request is refused as waiting already, nothing more is queued.
    await post()
    await until(() => telegram.requests.find((r) => r.method === 'sendMessage' && /is waiting for the next tick already/.test(r.body.text)), 'the duplicate refusal')
    await Promise.all([breaker.afterTick({ results: [], now: nowSeconds() }), breaker.afterTick({ results: [], now: nowSeconds() })])
    expect(await own.isPaused()).toBe(true)
    expect(await minedNonce(anvil, PAUSER_ADDRESS)).toBe(nonce + 1)
  })

  it('resume from the chat: refused while the incident is open, carried out by the next tick once resuming is safe', async () => {
    const own = await deployPausableTarget(anvil, { pauser: PAUSER_ADDRESS })
    const { server, breaker } = await scenario({ target: own, grace: 0 })
    const say = async (text: string, id: string) => {
      const body = commandBody({ id: 'U0ALICE', name: 'alice' }, text, id)
      await slackPost(server, '/slack/commands', body, signSlackRequest(body, nowSeconds(), signingSecret))
      return (await answerTo(id)).body.text as string
    }
    expect(await say('resume pause-base', 'resume-0')).toMatch(/^Cannot resume pause-base: nothing to resume/)
    expect(await say('pause pause-base', 'resume-pause')).toMatch(/^Pause of pause-base accepted/)
    await breaker.afterTick({ results: [], now: nowSeconds() })
    expect(await own.isPaused()).toBe(true)
    expect(await say('resume pause-base', 'resume-1')).toMatch(/^Cannot resume pause-base: incident 000001 is still open/)
    // The chain is healthy: resolved, then (grace 0) resuming is safe.
    const healthy = [{ chain: 'base', check: 'liveness' as const, status: 'ok' as const, value: 2, unit: 's' as const, reason: 'fresh', threshold: { warn: 60, crit: 300 } }]
    expect((await breaker.afterTick({ results: healthy, now: nowSeconds() }))[0]!.decision).toBe('resolved')
    expect((await breaker.afterTick({ results: healthy, now: nowSeconds() + 1 }))[0]!.decision).toBe('resume-safe')
    expect(await say('resume pause-base', 'resume-2')).toMatch(/^Resume of pause-base accepted/)
    expect(await own.isPaused()).toBe(true)
    const [resumed] = await breaker.afterTick({ results: healthy, now: nowSeconds() + 2 })
    expect(resumed).toMatchObject({ decision: 'resumed', message: 'unpaused' })
    expect(await own.isPaused()).toBe(false)
  })

  it('incident messages carry Ack / Mute 1h / Mute 24h / Pause now buttons (Slack blocks, Telegram inline keyboard); pressing Ack acks it, and the resolved message drops them', async () => {
    const { incidentButtons } = await import('../../functions/chatops/chatButtons.js')
    const { createSlackChannel } = await import('../../functions/notify/createSlackChannel.js')
    const { createTelegramChannel } = await import('../../functions/notify/createTelegramChannel.js')
    const { store, server, deps } = await scenario()
    const state = incidentState()
    await store.putCheckState(state, undefined)
    const buttons = (chain: string, checks: readonly import('../../functions/types.js').CheckName[]) => incidentButtons(chain, checks, deps.config.breaker!.actions)
    const slackChannel = createSlackChannel({ channel: 'C0ALERTS', tokenEnv: 'SLACK_BOT_TOKEN', apiUrl: slack.apiUrl }, 'xoxb-chatops', { buttons })
    const telegramChannel = createTelegramChannel({ chatId, tokenEnv: 'TELEGRAM_BOT_TOKEN', apiRoot: telegram.apiRoot }, telegramToken, { buttons })
    const change = { kind: 'open' as const, verdict: { chain: 'base', check: 'liveness' as const, status: 'crit' as const, value: 600, unit: 's' as const, reason: 'no new block for 10 min', threshold: { warn: 60, crit: 300 } }, previous: 'ok' as const, since: state.since, incident: state.incident!.id }
    const slackMessage = await slackChannel.send([change])
    await telegramChannel.send([change])

    const posted = slack.requests.filter((r) => r.method === 'chat.postMessage').at(-1)!
    const actions = (posted.body.blocks as { type: string; elements?: { text: { text: string }; value: string }[] }[]).find((b) => b.type === 'actions')!
    expect(actions.elements!.map((e) => [e.text.text, e.value])).toEqual([
      ['Ack', 'ack base liveness'],
      ['Mute 1h', 'mute base liveness 1h'],
      ['Mute 24h', 'mute base liveness 24h'],
      ['Pause now', 'pause pause-base'],
    ])
    const sent = telegram.requests.filter((r) => r.method === 'sendMessage').at(-1)!
    const keyboard = (typeof sent.body.reply_markup === 'string' ? JSON.parse(sent.body.reply_markup) : sent.body.reply_markup) as { inline_keyboard: { text: string; callback_data: string }[][] }
    expect(keyboard.inline_keyboard.flat().map((k) => k.callback_data)).toEqual(['ack base liveness', 'mute base liveness 1h', 'mute base liveness 24h', 'pause pause-base'])

    // Pressing Slack's Ack sends its value back through /slack/actions.
    const press = buttonBody({ id: 'U0BOB', username: 'bob' }, actions.elements![0]!.value, 'button-ack')
    await slackPost(server, '/slack/actions', press, signSlackRequest(press, nowSeconds(), signingSecret))
    expect((await answerTo('button-ack')).body.text).toMatch(/^Acked by @bob /)
    expect(await ackedBy(store)).toBe('@bob (slack U0BOB)')

    // Resolved: the edited message has no buttons left.
    const resolved = { ...change, kind: 'resolve' as const, verdict: { ...change.verdict, status: 'ok' as const, value: 2, reason: 'fresh' }, previous: 'crit' as const }
    await slackChannel.send([resolved], slackMessage ? { channel: 'slack', chain: 'base', ref: slackMessage.ref, incidents: slackMessage.incidents, postedAt: nowSeconds(), updatedAt: nowSeconds() } : undefined)
    const updated = slack.requests.filter((r) => r.method === 'chat.update' || r.method === 'chat.postMessage').at(-1)!
    expect((updated.body.blocks as { type: string }[]).some((b) => b.type === 'actions')).toBe(false)
  })
})
