import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signSlackRequest } from '../../functions/chatops/verifySlackSignature.js'
import { type FakeSlack, startFakeSlack } from '../fakes/startFakeSlack.js'

/**
 * The acceptance path from outside: `watchtower run` serves the chat endpoints on chatops.listen; a signed Slack
 * block_actions "Ack" acks the open incident, and `watchtower status --json` / `watchtower audit --json` show it.
 */
const execute = promisify(execFile)
const cli = resolve(import.meta.dirname, '../../bin/watchtower.js')
const signingSecret = 'cli-signing-secret'
const env = { ...process.env, SLACK_BOT_TOKEN: 'xoxb-cli', SLACK_SIGNING_SECRET: signingSecret }

async function watchtower(args: string[], cwd: string) {
  try {
    const { stdout, stderr } = await execute(process.execPath, [cli, ...args], { cwd, env, timeout: 90_000 })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  const port = (server.address() as { port: number }).port
  await new Promise<void>((r) => server.close(() => r()))
  return port
}

async function until(condition: () => boolean, what: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

describe('watchtower run serves chat ops', { timeout: 300_000 }, () => {
  let dir: string
  let slack: FakeSlack
  let run: ChildProcess | undefined
  let port: number
  const output = { stdout: '', stderr: '' }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'watchtower-chatops-cli-'))
    slack = await startFakeSlack()
    port = await freePort()
    // A chain whose only RPC refuses connections: rpc-unavailable opens an incident on the first tick.
    writeFileSync(
      join(dir, 'watchtower.config.yaml'),
      [
        'chains:',
        '  - { name: base, stack: evm, l2Rpc: ["http://127.0.0.1:9"] }',
        'alerts: { for: 1, rpcUnavailableAfter: 0 }',
        `notify: { slack: { channel: C0ALERTS, apiUrl: "${slack.apiUrl}" } }`,
        'chatops:',
        `  listen: 127.0.0.1:${port}`,
        '  slack: { allowedUsers: [U0ALICE] }',
      ].join('\n'),
    )
    run = spawn(process.execPath, [cli, 'run', '--interval', '3600'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] })
    run.stdout!.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()))
    run.stderr!.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()))
  })

  afterAll(async () => {
    if (run && run.exitCode === null) {
      const exited = new Promise((r) => run!.once('exit', r))
      run.kill('SIGTERM')
      await exited
    }
    await slack?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('a signed block_actions Ack acks the incident: status --json shows the ack and the user; a stale one is 401; audit lists it', async () => {
    await until(() => output.stderr.includes(`chat ops listening on http://127.0.0.1:${port}`), 'the chat endpoints')
    await until(() => /rpc-unavailable/.test(output.stdout + output.stderr), 'the first tick')
    const body = new URLSearchParams({
      payload: JSON.stringify({
        type: 'block_actions',
        user: { id: 'U0ALICE', username: 'alice' },
        channel: { id: 'C0ALERTS' },
        response_url: slack.responseUrl('cli-ack'),
        actions: [{ type: 'button', action_id: 'watchtower_ack', value: 'ack base rpc-unavailable' }],
      }),
    }).toString()
    const post = (headers: Record<string, string>) =>
      fetch(`http://127.0.0.1:${port}/slack/actions`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body })
    expect((await post(signSlackRequest(body, Math.floor(Date.now() / 1000) - 600, signingSecret))).status).toBe(401)
    expect((await post(signSlackRequest(body, Math.floor(Date.now() / 1000), signingSecret))).status).toBe(200)
    await until(() => slack.responses.some((r) => r.id === 'cli-ack'), 'the answer on response_url', 30_000)
    expect(slack.responses.find((r) => r.id === 'cli-ack')!.body.text).toMatch(/^Acked by @alice \d\d:\d\d UTC: base#rpc-unavailable/)

    const status = await watchtower(['status', '--json'], dir)
    const states = (JSON.parse(status.stdout) as { states: { chain: string; check: string; incident?: { ackedStatus?: string; ackedBy?: string } }[] }).states
    expect(states.find((s) => s.check === 'rpc-unavailable')!.incident).toMatchObject({ ackedStatus: 'unknown', ackedBy: '@alice (slack U0ALICE)' })

    const audit = await watchtower(['audit', '--json'], dir)
    expect(audit.code).toBe(0)
    expect(JSON.parse(audit.stdout)).toEqual({
      entries: [expect.objectContaining({ channel: 'slack', user: { id: 'U0ALICE', name: 'alice' }, command: 'ack base rpc-unavailable', outcome: 'accepted', detail: 'acknowledged base#rpc-unavailable' })],
    })
  })
})
