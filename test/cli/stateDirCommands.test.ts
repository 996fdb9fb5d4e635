import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDynamoStore } from '../../functions/store/createDynamoStore.js'
import { openEmbeddedTable } from '../../functions/store/openEmbeddedTable.js'
import { type Anvil, startAnvil } from '../devnet/anvil.js'
import { type RpcProxy, startRpcProxy } from '../devnet/rpcProxy.js'
import { type FakeSlack, startFakeSlack } from '../fakes/startFakeSlack.js'

const execute = promisify(execFile)
const cli = resolve(import.meta.dirname, '../../bin/watchtower.js')
const env = { ...process.env, SLACK_BOT_TOKEN: 'xoxb-test' }
const version = (JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string }).version

async function watchtower(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execute(process.execPath, [cli, ...args], { cwd, env, timeout: 60_000 })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

/** `watchtower run` in the background, its output collected. */
function startRun(args: string[], cwd: string) {
  const child = spawn(process.execPath, [cli, 'run', ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
  const output = { stdout: '', stderr: '' }
  child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()))
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)))
  return { child, output, exited }
}

async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

const noStack = /\n\s+at |node:internal|Error: /

describe('CLI on a shared state dir, and bad input', { timeout: 120_000 }, () => {
  let dir: string
  let anvil: Anvil
  let muted: RpcProxy
  let loud: RpcProxy
  let slack: FakeSlack
  let config: string
  let downConfig: string
  const children: ChildProcess[] = []

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'watchtower-statedir-cli-'))
    ;[anvil, slack] = await Promise.all([startAnvil({ blockTime: 1 }), startFakeSlack()])
    ;[muted, loud] = await Promise.all([startRpcProxy(anvil.url), startRpcProxy(anvil.url)])
    const slackConfig = ['notify:', `  slack: { channel: "#alerts", apiUrl: "${slack.apiUrl}" }`]
    config = join(dir, 'two.yaml')
    writeFileSync(
      config,
      [
        'alerts: { for: 1, groupWait: 0, rpcUnavailableAfter: 0 }',
        'chains:',
        ...[
          ['muted-chain', muted],
          ['loud-chain', loud],
        ].flatMap(([name, proxy]) => [`  - name: ${name as string}`, '    stack: evm', `    l2Rpc: [${(proxy as RpcProxy).url}]`, '    rpcTimeoutMs: 20000']),
        ...slackConfig,
      ].join('\n'),
    )
    downConfig = join(dir, 'down.yaml')
    writeFileSync(downConfig, ['chains:', '  - name: down', '    stack: evm', '    l2Rpc: ["http://127.0.0.1:9/key"]', ...slackConfig].join('\n'))
  })

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
    await Promise.all([muted?.stop(), loud?.stop(), slack?.stop(), anvil?.stop()])
    rmSync(dir, { recursive: true, force: true })
  })

  it('while `run` runs: status, ack and mute use its store; the muted chain gets nothing delivered; SIGTERM mid-tick stops it at once', async () => {
    const state = ['--config', config, '--state-dir', join(dir, 'run')]
    const run = startRun(['--interval', '1', ...state], dir)
    children.push(run.child)
    await until(() => /loud-chain/.test(run.output.stdout), 'the first tick')
    // One compact line per chain; all ok.
    expect(run.output.stdout).toMatch(/^\d\d:\d\d:\d\d muted-chain ok +liveness/m)

    const [status, mute, ack] = [
      await watchtower(['status', ...state], dir),
      await watchtower(['mute', 'muted-chain', '--for', '1h', ...state], dir),
      await watchtower(['ack', 'all', ...state], dir),
    ]
    expect(status).toMatchObject({ code: 0 })
    expect(status.stdout).toMatch(/last tick \d+ s ago/)
    expect(mute).toMatchObject({ code: 0 })
    expect(mute.stdout).toContain('muted muted-chain for 60 min')
    expect(ack).toMatchObject({ code: 0 })

    muted.setDown(true)
    loud.setDown(true)
    await until(() => slack.requests.some((r) => r.method === 'chat.postMessage' && JSON.stringify(r.body).includes('loud-chain')), 'the loud chain’s alert')
    await until(() => /Z muted-chain rpc-unavailable ok→unknown .*\(muted\)/.test(run.output.stdout), 'the muted alert in the log')
    const ticks = (run.output.stdout.match(/muted-chain/g) ?? []).length
    await until(() => (run.output.stdout.match(/muted-chain/g) ?? []).length > ticks + 1, 'two more ticks')
    expect(slack.requests.filter((r) => JSON.stringify(r.body).includes('muted-chain'))).toEqual([])

    // A hung RPC holds the tick; a stop must not wait for it.
    muted.setDown(false)
    loud.setDown(false)
    muted.setDelay(30_000)
    const before = muted.requestCount
    await until(() => muted.requestCount > before, 'a tick in flight')
    const stopAt = Date.now()
    run.child.kill('SIGTERM')
    expect(await run.exited).toBe(0)
    expect(Date.now() - stopAt).toBeLessThan(5000)
    muted.setDelay(0)
    expect(run.output.stderr).toContain('stopping (SIGTERM)')
    expect(run.output.stderr).not.toMatch(noStack)
    expect(existsSync(join(dir, 'run', 'watchtower.lock'))).toBe(false)

    // The store was closed cleanly: it opens again, with the mute.
    const after = await watchtower(['status', '--interval', '60', ...state], dir)
    expect(after.code).toBe(0)
    expect(after.stdout).toMatch(/muted: muted-chain \(every check\) for another/)
  })

  it('a closed stdout (`run | head`) stops run cleanly instead of crashing it', async () => {
    const run = startRun(['--interval', '1', '--config', downConfig, '--state-dir', join(dir, 'pipe')], dir)
    children.push(run.child)
    await until(() => run.output.stdout.includes('down'), 'the first tick')
    run.child.stdout!.destroy()
    expect(await run.exited).toBe(0)
    expect(run.output.stderr).toContain('stopping (stdout closed)')
    expect(run.output.stderr).not.toMatch(noStack)
  })

  it('a stale lock naming PID 1 does not stop check --once; a damaged or uncreatable state dir is one clear error', async () => {
    for (const [name, lock] of [
      ['stale-json', JSON.stringify({ pid: 1, startTime: '999999999999', startedAt: 1, command: 'run', endpoint: 'http://127.0.0.1:9' })],
      ['stale-bare', '1'],
    ] as const) {
      mkdirSync(join(dir, name))
      writeFileSync(join(dir, name, 'watchtower.lock'), lock)
      const { code, stdout } = await watchtower(['check', '--once', '--json', '--config', downConfig, '--state-dir', join(dir, name)], dir)
      expect(code).toBe(3) // the chain's RPC is down: unknown, but the tick ran
      expect((JSON.parse(stdout) as { results: unknown[] }).results.length).toBeGreaterThan(0)
    }

    writeFileSync(join(dir, 'stale-bare', 'dynamodb', 'CURRENT'), 'MANIFEST-999999\n')
    const damaged = await watchtower(['status', '--config', downConfig, '--state-dir', join(dir, 'stale-bare')], dir)
    expect(damaged.code).toBe(3)
    expect(damaged.stderr).toContain(`state dir ${join(dir, 'stale-bare')} cannot be opened: its database looks damaged`)
    expect(damaged.stderr).toContain(`mv ${join(dir, 'stale-bare')} ${join(dir, 'stale-bare')}.broken`)
    expect(damaged.stderr).not.toMatch(/\n\s+at /)

    const proc = await watchtower(['status', '--config', downConfig, '--state-dir', '/proc/watchtower/state'], dir)
    expect(proc.code).toBe(3)
    expect(proc.stderr).toContain('cannot create state dir /proc/watchtower/state')
  })

  it('bad flags and durations exit 64 with one line naming them, storing nothing; --version prints the version', async () => {
    const state = ['--config', downConfig, '--state-dir', join(dir, 'input')]
    const cases: [string[], string][] = [
      [['--frobnicate'], 'watchtower: unknown option --frobnicate'],
      [['run', '--interval', 'abc', ...state], 'watchtower: --interval must be a positive number of seconds, got "abc"'],
      [['run', '--interval', '-5', ...state], 'watchtower: option --interval needs a value'],
      [['run', '--interval=-5', ...state], 'watchtower: --interval must be a positive number of seconds, got "-5"'],
      [['mute', 'down', '--for', 'banana', ...state], 'watchtower: --for "banana" is not a duration'],
      [['mute', 'down', '--for', '30', ...state], 'watchtower: --for "30" needs a unit'],
      [['mute', 'down', '--for', '999999999d', ...state], 'watchtower: --for "999999999d" is longer than the longest mute, 30 d'],
      [['unmute', 'dwn', ...state], 'watchtower: no configured chain is named "dwn"'],
      [['resolve', 'down', ...state], 'watchtower: chain "down" is configured'],
    ]
    const results = await Promise.all(cases.map(([args]) => watchtower(args, dir)))
    results.forEach((result, i) => {
      expect(result.code, cases[i]![0].join(' ')).toBe(64)
      expect(result.stderr.trim().split('\n')).toHaveLength(1)
      expect(result.stderr).toContain(cases[i]![1])
    })
    const stored = await watchtower(['status', '--json', ...state], dir)
    expect((JSON.parse(stored.stdout) as { mutes: unknown[] }).mutes).toEqual([])

    const printed = await watchtower(['--version'], dir)
    expect(printed).toMatchObject({ code: 0, stdout: `${version}\n` })
  })

  it('status exits by heartbeat age (Nagios style); an incident of a chain gone from the config is listed and can be resolved', async () => {
    const stateDir = join(dir, 'aged')
    const state = ['--config', downConfig, '--state-dir', stateDir]
    expect((await watchtower(['status', ...state], dir)).code).toBe(3) // no tick yet

    const now = Math.floor(Date.now() / 1000)
    const table = await openEmbeddedTable({ stateDir })
    const store = createDynamoStore({ tableName: table.tableName, client: table.client })
    // Both heartbeat shapes' fields, so this does not depend on which one the store has.
    await store.putHeartbeat({ at: now - 100, durationMs: 5, results: [], chains: 0, counts: { ok: 0, warn: 0, crit: 0, unknown: 0 }, notOk: [], omitted: 0 } as never)
    await store.putCheckState(
      {
        chain: 'removed-chain',
        check: 'liveness',
        status: 'crit',
        since: now - 3600,
        streak: 9,
        incident: { id: 'removed-chain#liveness#1', status: 'crit', openedAt: now - 3600, lastAlertAt: now - 3600 },
        value: 900,
        unit: 's',
        reason: 'no new L2 block for 15 min',
        threshold: { warn: 60, crit: 600 },
        updatedAt: now - 100,
        version: 3,
      },
      undefined,
    )
    await table.close()

    // (A fresh heartbeat exits 0: the first test's last status.)
    const [warn, crit] = [await watchtower(['status', '--interval', '20', ...state], dir), await watchtower(['status', '--interval', '5', ...state], dir)]
    expect([warn.code, crit.code]).toEqual([1, 2])
    expect(warn.stdout).toContain('heartbeat WARN: no tick for more than 3 intervals of 20 s')
    expect(crit.stdout).toContain('heartbeat CRIT: no tick for more than 10 intervals of 5 s')
    expect(warn.stdout).toContain('incident CRIT on removed-chain liveness, open 60 min: the chain is no longer configured; close it with `watchtower resolve removed-chain liveness`')

    const resolved = await watchtower(['resolve', 'removed-chain', 'liveness', ...state], dir)
    expect(resolved).toMatchObject({ code: 0, stdout: 'resolved: removed-chain#liveness\n' })
    expect(slack.requests.some((r) => r.method === 'chat.postMessage' && JSON.stringify(r.body).includes('removed-chain'))).toBe(true)
    const again = await watchtower(['resolve', 'removed-chain', ...state], dir)
    expect(again).toMatchObject({ code: 1, stdout: 'no open incident on removed-chain\n' })
  })
})
