import { describe, expect, it } from 'vitest'
import { authorizeChatUser } from '../../functions/chatops/authorizeChatUser.js'
import { type ApprovalRequest, decideApproval } from '../../functions/chatops/decideApproval.js'
import { parseChatCommand } from '../../functions/chatops/parseChatCommand.js'
import { parseSlackRequest } from '../../functions/chatops/parseSlackRequest.js'
import { parseTelegramUpdate } from '../../functions/chatops/parseTelegramUpdate.js'
import { signSlackRequest, verifySlackSignature } from '../../functions/chatops/verifySlackSignature.js'
import { verifyTelegramSecret } from '../../functions/chatops/verifyTelegramSecret.js'
import { manualPauseRefusal, resumeRefusal } from '../../functions/breaker/manualRequest.js'
import { ConfigError } from '../../functions/config/ConfigError.js'
import { validateConfig } from '../../functions/config/parseConfig.js'

const secret = '8f742231b10e8888abcd99yyyzzz85a5'
const now = 1_800_000_000

describe('Slack request signatures (v0)', () => {
  const body = 'token=x&command=%2Fwatchtower&text=ack+base&user_id=U0ALICE'
  const signed = signSlackRequest(body, now, secret)

  it('accepts a correctly signed request within 5 minutes either way', () => {
    expect(verifySlackSignature({ body, timestamp: signed['x-slack-request-timestamp'], signature: signed['x-slack-signature'], signingSecret: secret, now })).toEqual({ ok: true })
    for (const skew of [-300, 300]) {
      const h = signSlackRequest(body, now + skew, secret)
      expect(verifySlackSignature({ body, timestamp: h['x-slack-request-timestamp'], signature: h['x-slack-signature'], signingSecret: secret, now }).ok).toBe(true)
    }
  })

  it('refuses a forged or altered signature, another secret, a changed body, a missing header', () => {
    const forged = `v0=${'0'.repeat(64)}`
    const cases = [
      { signature: forged },
      { signature: signSlackRequest(body, now, 'another-secret')['x-slack-signature'] },
      { body: `${body}&text=pause+all` },
      { signature: undefined },
      { signature: signed['x-slack-signature'].replace('v0=', 'v1=') },
      { signature: signed['x-slack-signature'].slice(0, 40) },
      { timestamp: undefined },
      { timestamp: `${now}.5` },
    ]
    for (const change of cases) {
      const result = verifySlackSignature({ body, timestamp: signed['x-slack-request-timestamp'], signature: signed['x-slack-signature'], signingSecret: secret, now, ...change })
      expect(result.ok, JSON.stringify(change)).toBe(false)
    }
  })

  it('refuses a correctly signed request whose timestamp is more than 5 minutes off (replay)', () => {
    for (const skew of [-600, -301, 301, 600]) {
      const h = signSlackRequest(body, now + skew, secret)
      const result = verifySlackSignature({ body, timestamp: h['x-slack-request-timestamp'], signature: h['x-slack-signature'], signingSecret: secret, now })
      expect(result).toEqual({ ok: false, reason: expect.stringMatching(/more than 5 minutes/) })
    }
  })

  it('refuses everything without a signing secret', () => {
    expect(verifySlackSignature({ body, timestamp: signed['x-slack-request-timestamp'], signature: signed['x-slack-signature'], signingSecret: '', now }).ok).toBe(false)
  })
})

describe('Telegram webhook secret token', () => {
  it('accepts only the exact token', () => {
    expect(verifyTelegramSecret('s3cret-token', 's3cret-token')).toEqual({ ok: true })
    expect(verifyTelegramSecret('s3cret-tokeN', 's3cret-token').ok).toBe(false)
    expect(verifyTelegramSecret('s3cret', 's3cret-token').ok).toBe(false)
    expect(verifyTelegramSecret(undefined, 's3cret-token').ok).toBe(false)
    expect(verifyTelegramSecret('', '').ok).toBe(false)
  })
})

describe('chat commands', () => {
  const context = { chains: ['base', 'op-mainnet'], actions: ['pause-perps'] }

  it('parses every command with its arguments', () => {
    expect(parseChatCommand('status', context)).toEqual({ command: { kind: 'status' } })
    expect(parseChatCommand('ack base', context)).toEqual({ command: { kind: 'ack', chain: 'base' } })
    expect(parseChatCommand('ack all liveness', context)).toEqual({ command: { kind: 'ack', chain: '*', check: 'liveness' } })
    expect(parseChatCommand('mute base 1h', context)).toEqual({ command: { kind: 'mute', chain: 'base', seconds: 3600 } })
    expect(parseChatCommand('  MUTE  op-mainnet  sequencer-lag  1h30m ', context)).toEqual({ command: { kind: 'mute', chain: 'op-mainnet', check: 'sequencer-lag', seconds: 5400 } })
    expect(parseChatCommand('unmute all', context)).toEqual({ command: { kind: 'unmute', chain: '*' } })
    expect(parseChatCommand('pause pause-perps', context)).toEqual({ command: { kind: 'pause', action: 'pause-perps' } })
    expect(parseChatCommand('resume pause-perps', context)).toEqual({ command: { kind: 'resume', action: 'pause-perps' } })
    expect(parseChatCommand('', context)).toEqual({ command: { kind: 'help' } })
  })

  it('answers mistakes in plain words', () => {
    const error = (text: string) => ('error' in parseChatCommand(text, context) ? (parseChatCommand(text, context) as { error: string }).error : 'parsed')
    expect(error('ack bsae')).toBe('no chain is named "bsae" (have base, op-mainnet, or all)')
    expect(error('mute base liveness 1h more')).toMatch(/^usage: mute/)
    expect(error('mute base')).toMatch(/^usage: mute/)
    expect(error('mute base 90')).toBe('duration "90" needs a unit: 90m, 90h or 90d')
    expect(error('mute base soon')).toMatch(/duration "soon" is not a duration/)
    expect(error('mute base 60d')).toMatch(/longer than the longest mute/)
    expect(error('mute base livenes 1h')).toMatch(/^no check is named "livenes"/)
    expect(error('pause pause-everything')).toBe('no breaker action is named "pause-everything" (have pause-perps)')
    expect(error('pause')).toMatch(/^usage: pause ACTION/)
    expect(error('reboot base')).toMatch(/^unknown command "reboot"/)
    expect(error('status now')).toMatch(/^usage: status/)
  })
})

describe('authorization and approvals', () => {
  const chatops = { slack: { signingSecretEnv: 'S', allowedUsers: ['U0ALICE', 'U0BOB'] }, telegram: { secretTokenEnv: 'T', allowedUsers: ['111'], mode: 'webhook' as const } }

  it('allows listed ids only, per channel, with a polite refusal', () => {
    expect(authorizeChatUser({ channel: 'slack', id: 'U0ALICE' }, chatops)).toEqual({ ok: true })
    expect(authorizeChatUser({ channel: 'telegram', id: '111' }, chatops)).toEqual({ ok: true })
    // An allowlisted Slack id means nothing on Telegram, and a name is never an identity.
    expect(authorizeChatUser({ channel: 'telegram', id: 'U0ALICE' }, chatops).ok).toBe(false)
    const refused = authorizeChatUser({ channel: 'slack', id: 'U0MALLORY', name: 'alice' }, chatops)
    expect(refused).toEqual({ ok: false, reason: expect.stringContaining('U0MALLORY'), reply: expect.stringMatching(/^Sorry @alice, .*nothing was changed/) })
    expect(authorizeChatUser({ channel: 'slack', id: 'U0ALICE' }, { telegram: chatops.telegram }).ok).toBe(false)
  })

  const request: ApprovalRequest = {
    id: 'abc123def',
    kind: 'pause',
    action: 'pause-perps',
    channel: 'slack',
    requestedBy: { channel: 'slack', id: 'U0ALICE', name: 'alice' },
    requestedAt: now,
    expiresAt: now + 600,
    state: 'pending',
  }

  it('needs a second, distinct user of the same channel within 10 minutes', () => {
    expect(decideApproval(request, { channel: 'slack', id: 'U0BOB' }, now + 599)).toEqual({ ok: true })
    expect(decideApproval(request, { channel: 'slack', id: 'U0ALICE' }, now + 10).ok).toBe(false)
    expect(decideApproval(request, { channel: 'slack', id: 'U0BOB' }, now + 600)).toEqual({ ok: false, reason: expect.stringMatching(/expired/) })
    expect(decideApproval(request, { channel: 'telegram', id: '111' }, now + 10)).toEqual({ ok: false, reason: expect.stringMatching(/from slack/) })
    expect(decideApproval({ ...request, state: 'approved', approvedBy: { channel: 'slack', id: 'U0BOB', name: 'bob' } }, { channel: 'slack', id: 'U0CAROL' }, now + 10)).toEqual({ ok: false, reason: 'already approved by @bob' })
    expect(decideApproval(undefined, { channel: 'slack', id: 'U0BOB' }, now).ok).toBe(false)
  })

  it('refuses a manual pause of an incident already paused or being sent; allows retrying a failed one', () => {
    const state = (phase: 'idle' | 'open' | 'resume-safe' | 'resuming', outcome?: 'paused' | 'failed' | 'claimed' | 'would-pause') => ({
      action: 'a',
      version: 1,
      phase,
      streaks: {},
      incidentSeq: 1,
      updatedAt: now,
      ...(outcome ? { incident: { id: '000001', openedAt: now, mode: 'armed' as const, trigger: [], outcome, attempts: 1, claimedAt: now } } : {}),
    })
    expect(manualPauseRefusal(undefined, now)).toBeUndefined()
    expect(manualPauseRefusal(state('idle'), now)).toBeUndefined()
    expect(manualPauseRefusal(state('resume-safe', 'paused'), now)).toBeUndefined()
    expect(manualPauseRefusal(state('open', 'failed'), now)).toBeUndefined()
    expect(manualPauseRefusal(state('open', 'paused'), now)).toMatch(/open already: paused/)
    expect(manualPauseRefusal(state('open', 'claimed'), now + 10)).toMatch(/being handled right now/)
    expect(manualPauseRefusal(state('resuming', 'paused'), now)).toMatch(/resume/)
    const action = { checks: ['liveness' as const], severity: 'crit' as const, grace: 3600 }
    expect(resumeRefusal(action, state('idle'), now)).toMatch(/nothing to resume/)
    expect(resumeRefusal(action, state('open', 'paused'), now)).toMatch(/still open/)
    expect(resumeRefusal(action, state('resume-safe', 'paused'), now)).toBeUndefined()
  })
})

describe('Slack and Telegram payloads', () => {
  it('reads a slash command and a block_actions button press', () => {
    const command = parseSlackRequest('commands', new URLSearchParams({ command: '/watchtower', text: 'mute base 1h', user_id: 'U0ALICE', user_name: 'alice', channel_id: 'C1', response_url: 'https://hooks.slack.com/commands/1/2/3' }).toString())
    expect(command).toEqual({ ok: true, request: { user: { channel: 'slack', id: 'U0ALICE', name: 'alice' }, text: 'mute base 1h', chat: 'C1', responseUrl: 'https://hooks.slack.com/commands/1/2/3' } })
    const payload = { type: 'block_actions', user: { id: 'U0BOB', username: 'bob' }, channel: { id: 'C1' }, response_url: 'https://hooks.slack.com/actions/1', actions: [{ action_id: 'watchtower_ack', value: 'ack base liveness' }] }
    expect(parseSlackRequest('actions', new URLSearchParams({ payload: JSON.stringify(payload) }).toString())).toEqual({
      ok: true,
      request: { user: { channel: 'slack', id: 'U0BOB', name: 'bob' }, text: 'ack base liveness', button: true, chat: 'C1', responseUrl: 'https://hooks.slack.com/actions/1' },
    })
    expect(parseSlackRequest('actions', 'payload=%7B%22type%22%3A%22view_submission%22%7D').ok).toBe(false)
  })

  it('reads Telegram commands (with @botname) and inline-keyboard presses; ignores other updates', () => {
    expect(parseTelegramUpdate({ message: { from: { id: 111, username: 'alice' }, chat: { id: -100 }, text: '/mute@watchtower_bot base 1h' } })).toEqual({
      ok: true,
      request: { user: { channel: 'telegram', id: '111', name: 'alice' }, text: 'mute base 1h', chat: '-100' },
    })
    expect(parseTelegramUpdate({ callback_query: { id: '9', from: { id: 222, first_name: 'Bob' }, message: { chat: { id: -100 } }, data: 'approve abc123def' } })).toEqual({
      ok: true,
      request: { user: { channel: 'telegram', id: '222', name: 'Bob' }, text: 'approve abc123def', chat: '-100', button: true, callbackQueryId: '9' },
    })
    expect(parseTelegramUpdate({ message: { from: { id: 1 }, chat: { id: 1 }, text: 'hello' } }).ok).toBe(false)
    expect(parseTelegramUpdate({ message: { from: { id: 1, is_bot: true }, chat: { id: 1 }, text: '/pause x' } }).ok).toBe(false)
    expect(parseTelegramUpdate({ edited_message: {} }).ok).toBe(false)
  })
})

describe('chatops config', () => {
  const chains = [{ name: 'base', stack: 'evm', l2Rpc: ['https://l2.example'] }]
  const issues = (chatops: unknown, notify?: unknown) => {
    try {
      validateConfig({ chains, chatops, ...(notify ? { notify } : {}) })
      return []
    } catch (error) {
      if (error instanceof ConfigError) return error.issues.map((i) => `${i.path}: ${i.message}`)
      throw error
    }
  }

  it('accepts a full section, secrets by env var name', () => {
    expect(
      issues(
        { listen: '127.0.0.1:8787', slack: { allowedUsers: ['U012ABCDEF'] }, telegram: { allowedUsers: [12345], mode: 'polling' }, pauseApprovals: 1 },
        { telegram: { chatId: '-1001' } },
      ),
    ).toEqual([])
  })

  it('reports every problem at once with its path', () => {
    expect(
      issues({ listen: 'localhost', slack: { signingSecretEnv: 'xoxb-not-a-name', allowedUsers: ['alice'] }, telegram: { allowedUsers: ['@bob'], mode: 'push' }, pauseApprovals: 3 }),
    ).toEqual(
      expect.arrayContaining([
        'chatops.listen: must be HOST:PORT, e.g. 127.0.0.1:8787',
        expect.stringMatching(/^chatops\.slack\.signingSecretEnv: must be the NAME of an environment variable/),
        expect.stringMatching(/^chatops\.slack\.allowedUsers\[0\]: must be a Slack member id/),
        expect.stringMatching(/^chatops\.telegram\.allowedUsers\[0\]/),
        expect.stringMatching(/^chatops\.telegram\.mode/),
        'chatops.pauseApprovals: must be 1 or 2',
        expect.stringMatching(/^chatops\.telegram\.chatId: set chatId here or notify\.telegram\.chatId/),
        expect.stringMatching(/^chatops\.telegram\.tokenEnv: /),
      ]),
    )
    expect(issues({ slack: { allowedUsers: ['U012ABCDEF'] }, pauseApprovals: 2 })).toEqual([expect.stringMatching(/^chatops\.pauseApprovals: pauseApprovals: 2 needs two allowlisted users/)])
    expect(issues({})).toEqual([expect.stringMatching(/^chatops: configure slack and\/or telegram/)])
  })
})

describe('message buttons', async () => {
  const { incidentButtons, resumeButton, slackActionsBlock, telegramKeyboard } = await import('../../functions/chatops/chatButtons.js')
  const context = { chains: ['base', 'a-chain-with-a-very-long-name-indeed-for-telegram'], actions: ['pause-base'] }

  it('Ack, Mute 1h, Mute 24h, Pause now for an action watching the check; every command parses', () => {
    const buttons = incidentButtons('base', ['liveness'], [{ name: 'pause-base', chain: 'base', checks: ['liveness'] }, { name: 'other', chain: 'op', checks: ['liveness'] }])
    expect(buttons.map((b) => [b.label, b.command])).toEqual([
      ['Ack', 'ack base liveness'],
      ['Mute 1h', 'mute base liveness 1h'],
      ['Mute 24h', 'mute base liveness 24h'],
      ['Pause now: pause-base', 'pause pause-base'],
    ])
    for (const button of [...buttons, resumeButton('pause-base')]) expect(parseChatCommand(button.command, context)).toHaveProperty('command')
    expect(incidentButtons('base', ['sequencer-lag'], [{ name: 'pause-base', chain: 'base', checks: ['liveness'] }]).map((b) => b.label)).toEqual(['Ack', 'Mute 1h', 'Mute 24h'])
    expect(incidentButtons('base', ['liveness', 'sequencer-lag']).map((b) => b.command)).toEqual(['ack base', 'mute base 1h', 'mute base 24h'])
  })

  it('keeps Telegram callback_data within 64 bytes (the whole chain when chain and check would not fit)', () => {
    const buttons = incidentButtons('a-chain-with-a-very-long-name-indeed-for-telegram', ['state-root-finality'])
    expect(buttons.map((b) => b.command)).toEqual([
      'ack a-chain-with-a-very-long-name-indeed-for-telegram',
      'mute a-chain-with-a-very-long-name-indeed-for-telegram 1h',
      'mute a-chain-with-a-very-long-name-indeed-for-telegram 24h',
    ])
    const keyboard = telegramKeyboard([...buttons, resumeButton('pause-base')])
    expect(keyboard.inline_keyboard.map((row) => row.length)).toEqual([3, 1])
    for (const key of keyboard.inline_keyboard.flat()) expect(Buffer.byteLength(key.callback_data)).toBeLessThanOrEqual(64)
    const block = slackActionsBlock(buttons) as { elements: { value: string; action_id: string }[] }
    expect(block.elements.map((e) => e.value)).toEqual(buttons.map((b) => b.command))
    expect(new Set(block.elements.map((e) => e.action_id)).size).toBe(3)
  })
})
