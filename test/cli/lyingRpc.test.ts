import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Anvil, mineBlocks, startAnvil } from '../devnet/anvil.js'
import { type RpcProxy, startRpcProxy } from '../devnet/rpcProxy.js'

const run = promisify(execFile)
const cli = resolve(import.meta.dirname, '../../bin/watchtower.js')

interface Report {
  results: { chain: string; check: string; status: string; value: number | null; reason: string; details?: Record<string, unknown> }[]
}

/** The real CLI, one `check --once --json` run; resolves with the exit code and the parsed report. */
async function checkOnce(config: string, stateDir: string): Promise<{ code: number; report: Report; stderr: string }> {
  let out: { code: number; stdout: string; stderr: string }
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, 'check', '--once', '--json', '--config', config, '--state-dir', stateDir], { timeout: 60_000 })
    out = { code: 0, stdout, stderr }
  } catch (error) {
    out = error as { code: number; stdout: string; stderr: string }
  }
  return { code: out.code, report: JSON.parse(out.stdout) as Report, stderr: out.stderr }
}

const verdict = (report: Report, check: string) => report.results.find((r) => r.check === check)

/**
 * Acceptance of issue 10 item 1: an RPC serving a frozen head stamped an hour ahead. Separate `check --once`
 * runs on one state dir remember when the head number was first seen (the embedded store in the state dir), so
 * liveness goes crit once it has not moved for longer than crit; beside an honest stalled RPC, both are stalled.
 */
describe('a lying L2 RPC (frozen head stamped an hour ahead), across check --once runs', { timeout: 120_000 }, () => {
  let dir: string
  let liar: Anvil
  let honest: Anvil
  let liarProxy: RpcProxy
  let honestProxy: RpcProxy

  const writeConfig = (name: string, l2Rpc: string[], thresholds?: string) => {
    const path = join(dir, `${name}.yaml`)
    const lines = ['chains:', `  - name: ${name}`, '    stack: evm', `    l2Rpc: [${l2Rpc.join(', ')}]`]
    if (thresholds) lines.push(`    thresholds: ${thresholds}`)
    writeFileSync(path, lines.join('\n'))
    return path
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'watchtower-liar-'))
    const now = Math.floor(Date.now() / 1000)
    ;[liar, honest] = await Promise.all([startAnvil({ noMining: true, timestamp: now + 3500 }), startAnvil({ noMining: true, timestamp: now - 4000 })])
    await Promise.all([mineBlocks(liar, 5, { timestamp: now + 3596 }), mineBlocks(honest, 5, { timestamp: now - 1210, interval: 2 })])
    // Both behind one host name each with a key in the path, as hosted RPCs are.
    ;[liarProxy, honestProxy] = await Promise.all([startRpcProxy(liar.url), startRpcProxy(honest.url)])
  })

  afterAll(async () => {
    await Promise.all([liarProxy?.stop(), honestProxy?.stop(), liar?.stop(), honest?.stop()])
    rmSync(dir, { recursive: true, force: true })
  })

  it('alone: warn "in the future" at once, crit once the head number has not moved for longer than crit', async () => {
    const config = writeConfig('liar', [`${liarProxy.url}/v2/liar-key`], '{ liveness: { warn: 2, crit: 4 } }')
    const state = join(dir, 'state-liar')
    const firstRunAt = Math.floor(Date.now() / 1000)
    const first = await checkOnce(config, state)
    const firstLiveness = verdict(first.report, 'liveness')
    expect(firstLiveness?.status).toBe('warn')
    expect(firstLiveness?.reason).toMatch(/in the future/)
    expect(first.code).toBe(1)

    // Past crit since the head was first seen (the memory is taken at the start of the first run's tick).
    const waitMs = (firstRunAt + 6) * 1000 - Date.now()
    if (waitMs > 0) await new Promise((r) => setTimeout(r, waitMs))
    const second = await checkOnce(config, state)
    const liveness = verdict(second.report, 'liveness')
    expect(liveness?.status).toBe('crit')
    expect(liveness?.value).toBeGreaterThanOrEqual(4)
    expect(liveness?.reason).toMatch(/no new L2 block for \d+ s \(last #5\): block production stalled; its timestamp is \d+ min in the future/)
    expect(second.code).toBe(2)

    // The memory lives in the state dir: a fresh one starts over (warn again, not crit).
    const elsewhere = await checkOnce(config, join(dir, 'state-other'))
    expect(verdict(elsewhere.report, 'liveness')?.status).toBe('warn')
  })

  it('beside an honest stalled RPC: both judged stalled, the liar named as stamping the future, distinct and redacted', async () => {
    const config = writeConfig('pair', [`${liarProxy.url}/v2/liar-key`, `${honestProxy.url}/v2/honest-key`])
    const state = join(dir, 'state-pair')
    for (const { code, report } of [await checkOnce(config, state), await checkOnce(config, state)]) {
      const liveness = verdict(report, 'liveness')
      // The honest head is 20 min old: the liar's fresher timestamp does not win.
      expect(liveness?.status).toBe('crit')
      expect(liveness?.value).toBeGreaterThanOrEqual(1200)
      const divergence = verdict(report, 'rpc-divergence')
      expect(divergence?.status).toBe('warn')
      const liarHost = new URL(liarProxy.url).host
      expect(divergence?.reason).toContain(`#1 ${liarHost}/*** serves head #5 stamped`)
      expect(divergence?.reason).toMatch(/in the future/)
      expect(divergence?.reason).not.toMatch(/#2 .* stuck/)
      expect(JSON.stringify(report)).not.toMatch(/liar-key|honest-key/)
      expect(code).toBe(2)
    }
  })
})
