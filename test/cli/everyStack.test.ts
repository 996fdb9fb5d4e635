import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Anvil, latestBlock, mineBlocks, startAnvil } from '../devnet/anvil.js'
import { type ArbitrumDevnet, deployArbitrum } from '../devnet/arbitrumDevnet.js'
import { deployL2MessageService, deployLinea, pauseType } from '../devnet/lineaDevnet.js'
import { deployScroll } from '../devnet/scrollDevnet.js'
import { deployZksync } from '../devnet/zksyncDevnet.js'
import { stackChecks } from '../stackChecks.js'

const run = promisify(execFile)
const cli = resolve(import.meta.dirname, '../../bin/watchtower.js')

interface Report {
  worst: string
  results: { chain: string; check: string; status: string; value: number | null; reason: string; details: Record<string, unknown> }[]
}

/**
 * `watchtower check --once --json` against one devnet per stack, each in a failing scenario, on the real clock:
 * one L1 anvil carries every stack's contracts, one interval-mined L2 keeps every chain's head fresh.
 */
/** Anvil's third and fourth accounts (10,000 ETH each), configured as Arbitrum's batch poster and validator. */
const arbBatchPoster = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'
const arbValidator = '0x90F79bf6EB2c4f870365E785982E1f101E93b906'

describe('watchtower check --once --json on every stack', { timeout: 180_000 }, () => {
  let dir: string
  let l1: Anvil
  let l2: Anvil
  let config: string
  let arbitrum: ArbitrumDevnet
  let arbMessageBlock: bigint
  let arbBatchBlock: bigint
  let scrollMessageAt: number
  let lineaMessageService: `0x${string}`
  let lineaMessageAt: number
  let lineaMessageBlock: bigint

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'watchtower-stacks-'))
    const now = Math.floor(Date.now() / 1000)
    ;[l1, l2] = await Promise.all([startAnvil({ timestamp: now - 3 * 86400 }), startAnvil({ slotsInAnEpoch: 2, blockTime: 1 })])
    const [arb, zksync, scroll, linea] = [
      // Delay-bufferable inbox whose buffer holds 20 L1 blocks: force inclusion after 20 blocks, not delayBlocks.
      await deployArbitrum(l1, { delayBuffer: { maxBlocks: 20, thresholdBlocks: 10 } }),
      await deployZksync(l1),
      await deployScroll(l1, { maxDelayEnterEnforcedMode: 600, maxDelayMessageQueue: 86400 }),
      await deployLinea(l1),
    ]
    arbitrum = arb
    let t = (await latestBlock(l1)).timestamp + 60
    // Arbitrum: the sequencer's last batch is two days old, and a delayed message it never read waits 30 L1 blocks
    // (past the buffered force-inclusion delay of 20).
    arbBatchBlock = (await arbitrum.postBatch({ timestamp: t })).receipt.blockNumber
    await arbitrum.deliverDelayedMessage({ timestamp: t + 1 })
    arbMessageBlock = BigInt((await latestBlock(l1)).number)
    await mineBlocks(l1, 30)
    // ZKsync: batches are committed, but they settle on another chain (L1 getters stop describing them).
    t += 60
    await zksync.commitBatches(2, t)
    await zksync.setSettlementLayer('0x0000000000000000000000000000000000009075', t + 1)
    // Scroll: finalization stalled past maxDelayEnterEnforcedMode, and someone switched enforced mode on.
    t += 60
    await scroll.commitBatch(t)
    await scroll.commitAndFinalizeAsAnyone(t + 3600)
    // …and an L1 message queued since, never finalized, past maxDelayMessageQueue (deposits).
    await scroll.enqueueMessage(t + 3700)
    scrollMessageAt = t + 3700
    // Linea: data keeps flowing but finalization is paused; an L1→L2 message sent 3 h ago was never anchored on the L2.
    lineaMessageService = (await deployL2MessageService(l2)).address
    lineaMessageAt = now - 3 * 3600
    lineaMessageBlock = (await linea.sendMessage({ timestamp: lineaMessageAt })).l1Block
    t = now - 30
    await linea.submitData({ timestamp: t })
    await linea.finalize({ endBlock: 1n, timestamp: t + 1 })
    await linea.pause(pauseType.finalization, t + 2)

    config = join(dir, 'stacks.yaml')
    const chain = (name: string, stack: string, contracts: string) =>
      [`  - name: ${name}`, `    stack: ${stack}`, `    l2Rpc: [${l2.url}]`, `    l1Rpc: [${l1.url}]`, `    contracts: ${contracts}`]
    writeFileSync(
      config,
      [
        'chains:',
        ...chain('arb', 'arbitrum', `{ bridge: "${arbitrum.bridge}" }`),
        `    operators: { batcher: "${arbBatchPoster}", validator: "${arbValidator}" }`,
        ...chain('era', 'zksync', `{ diamond: "${zksync.diamond}", validatorTimelock: "${zksync.validatorTimelock}" }`),
        ...chain('scr', 'scroll', `{ scrollChain: "${scroll.scrollChain}" }`),
        ...chain('lin', 'linea', `{ lineaRollup: "${linea.lineaRollup}", l2MessageService: "${lineaMessageService}" }`),
      ].join('\n'),
    )
  })

  afterAll(async () => {
    await Promise.all([l1?.stop(), l2?.stop()])
    rmSync(dir, { recursive: true, force: true })
  })

  it('reports each stack failing where it fails, and exits with the worst status', async () => {
    let code = 0
    let stdout = ''
    try {
      ;({ stdout } = await run(process.execPath, [cli, 'check', '--once', '--json', '--config', config, '--state-dir', join(dir, 'state')], { timeout: 150_000 }))
    } catch (error) {
      ;({ code, stdout } = error as { code: number; stdout: string })
    }
    const report = JSON.parse(stdout) as Report
    const status = (chain: string, check: string) => report.results.find((r) => r.chain === chain && r.check === check)
    const checksOf = (chain: string) => report.results.filter((r) => r.chain === chain).map((r) => r.check)
    // Each chain lists its stack's checks, deposits on every one (what a chain here lacks is named).
    expect(checksOf('arb')).toEqual(stackChecks('arbitrum', { without: ['state-root-validity', 'l1-origin'] })) // no assertion; anvil's blocks lack l1BlockNumber
    expect(checksOf('era')).toEqual(stackChecks('zksync', { without: ['state-root-validity', 'operator-balance'] }))
    expect(checksOf('scr')).toEqual(stackChecks('scroll', { without: ['operator-balance'] }))
    expect(checksOf('lin')).toEqual(stackChecks('linea', { without: ['operator-balance'] }))
    for (const chain of ['arb', 'era', 'scr', 'lin']) expect(status(chain, 'liveness')?.status).toBe('ok')
    // Every stack's heads are remembered for reorg (a first look has nothing to compare yet).
    for (const chain of ['arb', 'era', 'scr', 'lin']) expect(status(chain, 'reorg')).toMatchObject({ status: 'ok', reason: expect.stringContaining('no earlier head') })
    // operator-balance where wallets are configured (arb); absent where none are known.
    expect(status('arb', 'operator-balance')).toMatchObject({ status: 'ok', reason: expect.stringMatching(/^batcher 0x3C44…93BC: [\d.]+ ETH, spending rate not measured yet; validator 0x90F7…b906: [\d.]+ ETH/) })
    for (const chain of ['era', 'scr', 'lin']) expect(status(chain, 'operator-balance')).toBeUndefined()
    // throughput on every stack: the first look starts the baseline.
    for (const chain of ['arb', 'era', 'scr', 'lin']) expect(status(chain, 'throughput')).toMatchObject({ status: 'ok', unit: '%', reason: expect.stringContaining('building the baseline') })

    expect(status('arb', 'sequencer-lag')).toMatchObject({ status: 'crit', reason: expect.stringMatching(/last batch posted to L1 .* ago; force inclusion possible for \d+ min \(\d+ L1 blocks\)/) })
    // Each countdown is the SequencerInbox's own, (forceInclusionDeadline(block) − L1 head) × 12 s: deposits from the
    // oldest unread message's L1 block, sequencer-lag from the newest batch's (the batch-posting window).
    const deadline = await arbitrum.forceInclusionDeadline(arbMessageBlock)
    expect(deadline).toBe(arbMessageBlock + 20n)
    const blocksLeft = Number(deadline - BigInt((await latestBlock(l1)).number))
    expect(blocksLeft).toBeLessThan(0)
    // The unread delayed message itself is `deposits` (moved out of sequencer-lag): crit past its deadline, naming it.
    expect(status('arb', 'deposits')).toMatchObject({
      status: 'crit',
      reason: expect.stringContaining(`delayed message #0, L1 block #${arbMessageBlock} (the sequencer has read 0 of 1 delayed messages); past its force-inclusion deadline (${-blocksLeft} L1 blocks, L1 block #${deadline}): anyone may force-include it`),
      details: { pending: 1, forcedInclusionInBlocks: blocksLeft },
    })
    // Where a stack reads no L1→L2 messages (yet), deposits is absent rather than a guess; l1-origin only where an origin is read.
    for (const chain of ['era', 'scr', 'lin']) expect(status(chain, 'l1-origin')).toBeUndefined()
    // Linea: sent on L1 3 h ago, not anchored on the L2: crit, and no forced inclusion to wait for.
    expect(status('lin', 'deposits')).toMatchObject({
      status: 'crit',
      reason: expect.stringContaining(`L1 message #1, L1 block #${lineaMessageBlock} (the L2 has anchored 0 of 1 L1 messages); Linea has no forced inclusion: only the operator can include it`),
      details: { pending: 1 },
    })
    expect(status('lin', 'deposits')?.value).toBeGreaterThanOrEqual(3 * 3600)
    // Scroll: the oldest unfinalized L1MessageQueueV2 message, past maxDelayMessageQueue (1 d): enforced mode is open.
    expect(status('scr', 'deposits')).toMatchObject({
      status: 'crit',
      reason: expect.stringMatching(/^L1→L2 message not finalized on L1 for \d+ d( \d+ h)?: L1 message queue index 0 \(0 of 1 L1 messages finalized\); enforced \(permissionless\) mode possible for \d+ (d|h)/),
      details: { pending: 1 },
    })
    expect(status('scr', 'deposits')?.value).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) - scrollMessageAt - 60)
    const windowLeft = Number((await arbitrum.forceInclusionDeadline(arbBatchBlock)) - BigInt((await latestBlock(l1)).number))
    expect(windowLeft).toBe(blocksLeft - 1) // the batch landed one block before the message
    expect(status('arb', 'sequencer-lag')?.details).toMatchObject({ forceInclusionIn: windowLeft * 12, forceInclusionInBlocks: windowLeft })
    expect(status('arb', 'proof-system')?.details).toMatchObject({ proofSystem: 'arbitrum-bold', forceInclusionDelayBlocks: 20, bufferBlocks: 20 })
    // Settling elsewhere without settlementRpc: the L1 readings are unknown (not crit) and proof-system says why.
    const elsewhere = 'settles on 0x0000000000000000000000000000000000009075: configure settlementRpc to follow it'
    expect(status('era', 'sequencer-lag')).toMatchObject({ status: 'unknown', reason: expect.stringContaining(elsewhere) })
    expect(status('era', 'proof-system')).toMatchObject({ status: 'warn', reason: expect.stringContaining(elsewhere) })
    // The priority queue is processed where the batches execute: unknown too (the L1 diamond's counters stop moving).
    expect(status('era', 'deposits')).toMatchObject({ status: 'unknown', reason: expect.stringContaining(elsewhere) })
    expect(status('scr', 'sequencer-lag')).toMatchObject({ status: 'crit', reason: expect.stringContaining('enforced (permissionless) batch mode is ON') })
    expect(status('lin', 'sequencer-lag')?.status).toBe('ok')
    expect(status('lin', 'state-root-finality')).toMatchObject({ status: 'crit', reason: expect.stringMatching(/FINALIZATION/i) })
    expect(report.worst).toBe('crit')
    expect(code).toBe(2)
  })
})
