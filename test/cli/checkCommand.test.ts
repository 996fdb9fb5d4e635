import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { concat, type Hex, keccak256, zeroHash } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Anvil, latestBlock, mineBlocks, startAnvil } from '../devnet/anvil.js'
import { deployOpStack, followL1Head, installL1Block, type OpStackDevnet } from '../devnet/opStackDevnet.js'
import { stackStatuses } from '../stackChecks.js'

const run = promisify(execFile)
const cli = resolve(import.meta.dirname, '../../bin/watchtower.js')

/** Runs the real CLI as a user would; resolves with the exit code instead of throwing on non-zero. */
async function watchtower(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], { cwd, timeout: 90_000 })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

describe('watchtower CLI', { timeout: 120_000 }, () => {
  let dir: string
  let l1: Anvil
  let healthyL2: Anvil
  let stalledL2: Anvil
  let devnet: OpStackDevnet

  const writeConfig = (name: string, l2: Anvil) => {
    const path = join(dir, `${name}.yaml`)
    writeFileSync(
      path,
      [
        'chains:',
        `  - name: ${name}`,
        '    stack: op-stack',
        `    l2Rpc: [${l2.url}]`,
        `    l1Rpc: [${l1.url}]`,
        '    contracts:',
        `      systemConfig: "${devnet.systemConfig}"`,
      ].join('\n'),
    )
    return path
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'watchtower-cli-'))
    const now = Math.floor(Date.now() / 1000)
    ;[l1, healthyL2, stalledL2] = await Promise.all([
      startAnvil(),
      // Interval mining keeps its head fresh however long the CLI takes to start.
      startAnvil({ slotsInAnEpoch: 2, blockTime: 1 }),
      // Its newest block is 20 minutes old: the sequencer has stopped.
      startAnvil({ slotsInAnEpoch: 2, timestamp: now - 3600 }),
    ])
    devnet = await deployOpStack(l1)
    // The game claims the healthy L2's real genesis output root (state-root-validity ok there).
    const genesis = await healthyL2.rpc<{ stateRoot: Hex; hash: Hex }>('eth_getBlockByNumber', ['0x0', false])
    const passer = await healthyL2.rpc<{ storageHash: Hex }>('eth_getProof', ['0x4200000000000000000000000000000000000016', [], '0x0'])
    const rootClaim = keccak256(concat([zeroHash, genesis.stateRoot, passer.storageHash, genesis.hash]))
    await devnet.createGame({ l2BlockNumber: 0n, rootClaim, timestamp: (await latestBlock(l1)).timestamp + 1 })
    await mineBlocks(stalledL2, 10, { timestamp: now - 1200 - 18, interval: 2 })
    // The healthy L2's L1 origin is the L1 head (a sequencer keeping up), as the L1Block predeploy records it.
    await followL1Head(l1, await installL1Block(healthyL2))
  })

  afterAll(async () => {
    await Promise.all([l1?.stop(), healthyL2?.stop(), stalledL2?.stop()])
    rmSync(dir, { recursive: true, force: true })
  })

  it('check --once --json: a healthy devnet exits 0 with every check ok', async () => {
    const { code, stdout } = await watchtower(['check', '--once', '--json', '--config', writeConfig('healthy', healthyL2), '--state-dir', join(dir, 's1')], dir)
    const report = JSON.parse(stdout) as {
      results: { chain: string; check: string; status: string; value: number; unit: string; reason: string; details: Record<string, unknown> }[]
    }
    expect(report.results.map((r) => `${r.check}:${r.status}`)).toEqual(stackStatuses('op-stack', 'ok'))
    for (const result of report.results)
      expect(Object.keys(result)).toEqual(expect.arrayContaining(['chain', 'check', 'status', 'value', 'unit', 'reason', 'details']))
    // Each result's details, for tools: the proof-system family and respected type, the validated root.
    expect(report.results.find((r) => r.check === 'proof-system')!.details).toMatchObject({ proofSystem: 'output-root-fault', respectedGameType: 0 })
    expect(report.results.find((r) => r.check === 'state-root-validity')!.details).toMatchObject({ l2Block: 0 })
    expect(code).toBe(0)
  })

  it('check --once --json: a stalled devnet L2 reports crit and exits 2', async () => {
    const { code, stdout } = await watchtower(['check', '--once', '--json', '--config', writeConfig('stalled', stalledL2), '--state-dir', join(dir, 's2')], dir)
    const report = JSON.parse(stdout) as { results: { check: string; status: string; value: number }[] }
    const liveness = report.results.find((r) => r.check === 'liveness')
    expect(liveness?.status).toBe('crit')
    expect(liveness?.value).toBeGreaterThanOrEqual(1200)
    expect(code).toBe(2)
  })

  it('status shows what the last tick stored, with the heartbeat age', async () => {
    const { code, stdout } = await watchtower(['status', '--config', join(dir, 'stalled.yaml'), '--state-dir', join(dir, 's2')], dir)
    expect(code).toBe(0)
    expect(stdout).toMatch(/last tick \d+ s ago/)
    expect(stdout).toMatch(/stalled\s+liveness\s+CRIT/)
  })

  it('ack and mute: persisted, shown in status, and refused for unknown chains', async () => {
    const path = join(dir, 'ackmute.yaml')
    writeFileSync(path, [`alerts: { for: 1, groupWait: 0 }`, ...readFileSync(writeConfig('stalled', stalledL2), 'utf8').split('\n')].join('\n'))
    const state = ['--config', path, '--state-dir', join(dir, 's5')]
    expect((await watchtower(['check', '--once', ...state], dir)).code).toBe(2) // opens the liveness incident
    const ack = await watchtower(['ack', 'stalled', 'liveness', ...state], dir)
    expect(ack.stdout).toContain('acknowledged: stalled#liveness')
    const mute = await watchtower(['mute', 'all', '--for', '2h', ...state], dir)
    expect(mute.code).toBe(0)
    const status = await watchtower(['status', ...state], dir)
    expect(status.stdout).toMatch(/muted: all chains \(every check\) for another (119 min|120 min|2 h)/)
    expect(status.stdout).toMatch(/\[incident CRIT open \d+ s, acked\] \[muted\]/)
    expect((await watchtower(['unmute', 'all', ...state], dir)).stdout).toContain('unmuted all')
    const typo = await watchtower(['ack', 'stalld', ...state], dir)
    expect(typo.code).not.toBe(0)
    expect(typo.stderr).toContain('no configured chain is named "stalld"')
  })

  it('an unreachable RPC is unknown (exit 3), naming the endpoint host', async () => {
    const path = join(dir, 'down.yaml')
    writeFileSync(path, 'chains:\n  - name: down\n    stack: evm\n    l2Rpc: ["http://127.0.0.1:9/secret-key"]\n')
    const { code, stdout } = await watchtower(['check', '--once', '--json', '--config', path, '--state-dir', join(dir, 's3')], dir)
    const report = JSON.parse(stdout) as { results: { status: string; reason: string }[] }
    expect(report.results[0]?.status).toBe('unknown')
    expect(report.results[0]?.reason).toContain('127.0.0.1:9')
    expect(report.results[0]?.reason).not.toContain('secret-key')
    expect(code).toBe(3)
  })

  // After every test that reads the devnet: the wrong game it adds becomes the newest game.
  it('check --once --json: a new game with a wrong root claim is state-root-validity crit in that tick, naming the game and both roots', async () => {
    const forged = `0x${'f0'.repeat(32)}` as Hex
    const liar = await devnet.createGame({ l2BlockNumber: 0n, rootClaim: forged, timestamp: (await latestBlock(l1)).timestamp + 1 })
    const { code, stdout } = await watchtower(['check', '--once', '--json', '--config', writeConfig('healthy', healthyL2), '--state-dir', join(dir, 's6')], dir)
    const report = JSON.parse(stdout) as { results: { check: string; status: string; reason: string; details: Record<string, unknown> }[] }
    const validity = report.results.find((r) => r.check === 'state-root-validity')!
    const genesis = await healthyL2.rpc<{ stateRoot: Hex; hash: Hex }>('eth_getBlockByNumber', ['0x0', false])
    const passer = await healthyL2.rpc<{ storageHash: Hex }>('eth_getProof', ['0x4200000000000000000000000000000000000016', [], '0x0'])
    const real = keccak256(concat([zeroHash, genesis.stateRoot, passer.storageHash, genesis.hash]))
    expect(validity).toMatchObject({ status: 'crit', details: { claimed: forged, computed: real, l2Block: 0 } })
    expect(validity.reason).toContain('invalid state root proposed')
    expect(validity.reason).toContain(`game ${liar.slice(0, 6)}…${liar.slice(-4)}`)
    expect(validity.reason).toContain(forged)
    expect(validity.reason).toContain(real)
    expect(code).toBe(2)
  })

  it('a bad config lists every problem with its path and exits non-zero', async () => {
    const path = join(dir, 'bad.yaml')
    writeFileSync(
      path,
      [
        'chains:',
        '  - name: Bad Name',
        '    stack: op-stack',
        '    l2Rpc: []',
        '    l1Rpc: [not-a-url]',
        '    contracts: {}',
        '    thresholds: { liveness: { warn: 100, crit: 10 } }',
        'notify:',
        '  slack: { channel: C1, tokenEnv: "xoxb-pasted-secret" }',
      ].join('\n'),
    )
    const { code, stderr } = await watchtower(['check', '--once', '--config', path, '--state-dir', join(dir, 's4')], dir)
    expect(code).not.toBe(0)
    for (const fragment of ['chains[0].name', 'chains[0].l2Rpc', 'chains[0].l1Rpc[0]', 'chains[0].contracts', 'chains[0].thresholds.liveness.warn', 'notify.slack.tokenEnv'])
      expect(stderr).toContain(fragment)
  })
})
