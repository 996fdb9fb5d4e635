import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Anvil, latestBlock, mineBlocks, startAnvil } from '../devnet/anvil.js'
import { deployOpStack, installL1Block, type L1OriginSetter, type OpStackDevnet } from '../devnet/opStackDevnet.js'

const run = promisify(execFile)
const cli = resolve(import.meta.dirname, '../../bin/watchtower.js')

interface Result {
  chain: string
  check: string
  status: string
  value: number | null
  reason: string
  details: Record<string, unknown>
}

/**
 * Issue 12's early warnings through the real CLI (`check --once --json`) on an OP Stack devnet: the L2 anvil carries
 * an L1Block at the predeploy whose origin the test holds where it wants it, the L1 anvil the portal.
 */
describe('check --once --json: l1-origin and deposits on an OP Stack devnet', { timeout: 150_000 }, () => {
  let dir: string
  let l1: Anvil
  let l2: Anvil
  let devnet: OpStackDevnet
  let origin: L1OriginSetter
  let config: string
  let runs = 0
  let depositBlock: bigint
  let depositTime: number

  /** One `check --once --json` run, on a fresh state dir unless one is given. */
  const check = async (stateDir = join(dir, `state-${runs++}`)): Promise<Result[]> => {
    let stdout = ''
    try {
      ;({ stdout } = await run(process.execPath, [cli, 'check', '--once', '--json', '--config', config, '--state-dir', stateDir], { timeout: 90_000 }))
    } catch (error) {
      ;({ stdout } = error as { stdout: string })
    }
    return (JSON.parse(stdout) as { results: Result[] }).results
  }
  const find = (results: Result[], chain: string, check: string) => results.find((r) => r.chain === chain && r.check === check)

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'watchtower-early-'))
    const now = Math.floor(Date.now() / 1000)
    // The L1 began two hours ago (so an L1 origin can be a hundred blocks back, and a deposit 40 min old).
    ;[l1, l2] = await Promise.all([startAnvil({ timestamp: now - 7200 }), startAnvil({ slotsInAnEpoch: 2, blockTime: 1 })])
    await mineBlocks(l1, 200, { interval: 0 })
    devnet = await deployOpStack(l1)
    origin = await installL1Block(l2)
    // A user's deposit 40 min ago, then the L1 moves on to about now.
    depositTime = now - 2400
    const receipt = await devnet.deposit({ timestamp: depositTime })
    depositBlock = receipt.blockNumber
    await mineBlocks(l1, 1, { timestamp: now - 30 })
    config = join(dir, 'early.yaml')
    writeFileSync(
      config,
      [
        'chains:',
        '  - name: op',
        '    stack: op-stack',
        `    l2Rpc: [${l2.url}]`,
        `    l1Rpc: [${l1.url}]`,
        `    contracts: { systemConfig: "${devnet.systemConfig}" }`,
        '  - name: plain',
        '    stack: evm',
        `    l2Rpc: [${l2.url}]`,
      ].join('\n'),
    )
  })

  afterAll(async () => {
    await Promise.all([l1?.stop(), l2?.stop()])
    rmSync(dir, { recursive: true, force: true })
  })

  it('an L1 origin 20 min behind the L1 head is l1-origin warn with the halt countdown; 25 min is crit', async () => {
    const head = await latestBlock(l1)
    await origin.setOrigin({ number: head.number - 100, timestamp: head.timestamp - 20 * 60 })
    const warn = await check()
    expect(find(warn, 'op', 'l1-origin')).toMatchObject({
      status: 'warn',
      value: 1200,
      reason: `L2's L1 origin is 20 min behind L1: the sequencer halts in ~10 min unless it catches up (L1 origin #${head.number - 100}, 100 blocks behind)`,
      details: { haltIn: 600, maxSequencerDrift: 1800 },
    })
    // Applies only where there is an L1 origin to read: absent on a plain EVM chain.
    expect(warn.filter((r) => r.chain === 'plain').map((r) => r.check)).not.toContain('l1-origin')
    // reorg and throughput on both chains; operator-balance where wallets are known (the OP batcher from SystemConfig).
    const checksOf = (chain: string) => warn.filter((r) => r.chain === chain).map((r) => r.check)
    expect(checksOf('op')).toEqual(expect.arrayContaining(['reorg', 'operator-balance', 'throughput']))
    expect(checksOf('plain')).toEqual(expect.arrayContaining(['reorg', 'throughput']))
    expect(checksOf('plain')).not.toContain('operator-balance')
    expect(warn.filter((r) => r.chain === 'plain').map((r) => r.check)).not.toEqual(expect.arrayContaining(['deposits']))
    expect(warn.filter((r) => r.chain === 'op').map((r) => r.check)).toEqual(expect.arrayContaining(['l1-origin', 'deposits']))

    await origin.setOrigin({ number: head.number - 125, timestamp: head.timestamp - 25 * 60 })
    expect(find(await check(), 'op', 'l1-origin')).toMatchObject({
      status: 'crit',
      value: 1500,
      reason: expect.stringContaining("L2's L1 origin is 25 min behind L1: the sequencer halts in ~5 min unless it catches up"),
    })
  })

  it('a deposit whose L1 block is past the L2\'s L1 origin for longer than crit is deposits crit; it clears once the origin passes it', async () => {
    const state = join(dir, 'deposits-state') // one state dir: the second run resumes the stored portal scan
    await origin.setOrigin({ number: depositBlock - 1n, timestamp: depositTime - 12 })
    const crit = find(await check(state), 'op', 'deposits')
    expect(crit).toMatchObject({
      status: 'crit',
      reason: expect.stringMatching(new RegExp(`^L1→L2 message not on L2 for 4\\d min: deposit in L1 tx 0x[0-9a-f]{8}…[0-9a-f]{4}, L1 block #${depositBlock} \\(the L2's L1 origin is #${depositBlock - 1n}\\); derivation must include it when the sequencing window closes, in \\d+ h`)),
      details: { pending: 1, l1Block: Number(depositBlock) },
    })
    expect(crit!.value).toBeGreaterThanOrEqual(2400)

    await origin.setOrigin({ number: depositBlock, timestamp: depositTime })
    expect(find(await check(state), 'op', 'deposits')).toMatchObject({ status: 'ok', value: 0, reason: `no L1→L2 message waiting (the L2's L1 origin is #${depositBlock})` })
  })
})
