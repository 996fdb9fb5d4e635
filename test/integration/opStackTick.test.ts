import { concat, type Hex, keccak256, zeroHash } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { validateConfig } from '../../functions/config/parseConfig.js'
import { createRuntime, type Runtime } from '../../functions/runtime/createRuntime.js'
import { runTick, type TickResult } from '../../functions/tick.js'
import { type Anvil, latestBlock, mineBlocks, startAnvil } from '../devnet/anvil.js'
import { deployOpStack, followL1Head, installL1Block, type L1OriginSetter, type OpStackDevnet } from '../devnet/opStackDevnet.js'
import { type RpcProxy, startRpcProxy } from '../devnet/rpcProxy.js'
import { startFakeSlack } from '../fakes/startFakeSlack.js'
import { startFakeTelegram } from '../fakes/startFakeTelegram.js'
import { stackChecks } from '../stackChecks.js'

const slackToken = 'xoxb-test-token'
const telegramToken = '123456:telegram-test-token'

/** End to end on real local chains: anvil L1 + L2, solc-compiled OP Stack contracts, dynalite, fake chat APIs. */
describe('OP Stack tick on a devnet', () => {
  let l1: Anvil
  let l2: Anvil
  let devnet: OpStackDevnet
  let origin: L1OriginSetter
  let l1Proxy: RpcProxy
  let l2Proxy: RpcProxy
  let slack: Awaited<ReturnType<typeof startFakeSlack>>
  let telegram: Awaited<ReturnType<typeof startFakeTelegram>>
  let runtime: Runtime
  let base: number
  let now: number
  const consoleLines: string[] = []

  // A healthy sequencer's L1 origin follows the L1 head (l1-origin has its own tests).
  const tick = async () => {
    await followL1Head(l1, origin)
    return runTick({ ...runtime, clock: () => now })
  }
  const statusOf = (result: TickResult, check: string) => result.results.find((r) => r.check === check)?.status
  const postedText = () => slack.requests.map((r) => String(r.body.text))

  beforeAll(async () => {
    ;[l1, l2] = await Promise.all([startAnvil(), startAnvil({ slotsInAnEpoch: 4, chainId: 901 })])
    devnet = await deployOpStack(l1)
    origin = await installL1Block(l2)
    ;[l1Proxy, l2Proxy, slack, telegram] = await Promise.all([
      startRpcProxy(l1.url),
      startRpcProxy(l2.url),
      startFakeSlack({ token: slackToken }),
      startFakeTelegram({ token: telegramToken }),
    ])

    // L1 history: one respected game posted 10 min before `base`, anchor at L2 block 20.
    base = (await latestBlock(l1)).timestamp + 1000
    // L2: 60 blocks, 2 s apart, the newest at `base`.
    await mineBlocks(l2, 60, { timestamp: base - 118, interval: 2 })
    // The game claims L2 block 50's real output root (state-root-validity: ok).
    const block50 = await l2.rpc<{ stateRoot: Hex; hash: Hex }>('eth_getBlockByNumber', ['0x32', false])
    const passer = await l2.rpc<{ storageHash: Hex }>('eth_getProof', ['0x4200000000000000000000000000000000000016', [], '0x32'])
    const rootClaim = keccak256(concat([zeroHash, block50.stateRoot, passer.storageHash, block50.hash]))
    await devnet.createGame({ l2BlockNumber: 50n, rootClaim, timestamp: base - 600 })
    await devnet.setAnchor(`0x${'11'.repeat(32)}`, 20n, base - 590)

    const config = validateConfig({
      chains: [
        {
          name: 'devnet',
          stack: 'op-stack',
          l2Rpc: [l2Proxy.url],
          l1Rpc: [l1Proxy.url],
          contracts: { systemConfig: devnet.systemConfig },
        },
      ],
      // Issue-2 semantics here (alert on every change); the alert engine's hysteresis has its own tests.
      alerts: { for: 1, clearFor: 1, groupWait: 0, rpcUnavailableAfter: 0 },
      notify: {
        slack: { channel: 'C0DEVNET', tokenEnv: 'TEST_SLACK_TOKEN', apiUrl: slack.apiUrl },
        telegram: { chatId: '-100777', tokenEnv: 'TEST_TELEGRAM_TOKEN', apiRoot: telegram.apiRoot },
      },
    })
    runtime = await createRuntime({
      config,
      store: { kind: 'embedded' },
      env: { TEST_SLACK_TOKEN: slackToken, TEST_TELEGRAM_TOKEN: telegramToken },
      consoleWrite: (line) => consoleLines.push(line),
    })
  })

  afterAll(async () => {
    await runtime?.close()
    await Promise.all([l1Proxy?.stop(), l2Proxy?.stop(), slack?.stop(), telegram?.stop()])
    await Promise.all([l1?.stop(), l2?.stop()])
  })

  it('healthy: every check ok, measured from the chains, and nothing posted', async () => {
    now = base + 5
    const result = await tick()
    expect(result.results.map((r) => [r.check, r.status])).toEqual(stackChecks('op-stack').map((check) => [check, 'ok']))
    expect(result.results.find((r) => r.check === 'liveness')?.value).toBe(now - (await latestBlock(l2)).timestamp)
    // slots-in-an-epoch 4: safe trails latest by 4 blocks of 2 s
    const [latestTag, safeTag] = await Promise.all(
      ['latest', 'safe'].map((tag) => l2.rpc<{ timestamp: string }>('eth_getBlockByNumber', [tag, false])),
    )
    expect(result.results.find((r) => r.check === 'sequencer-lag')).toMatchObject({
      value: Number(latestTag!.timestamp) - Number(safeTag!.timestamp),
      details: { blocks: 4 },
    })
    const roots = result.results.find((r) => r.check === 'state-root-finality')
    expect(roots?.value).toBe(605)
    expect(roots?.reason).toContain('(L2 #50)')
    const anchorBlock = await l2.rpc<{ timestamp: string }>('eth_getBlockByNumber', ['0x14', false]) // anchor = L2 block 20
    expect(roots?.details?.finalizedAge).toBe(now - Number(anchorBlock.timestamp))
    expect(result.worst).toBe('ok')
    expect(slack.requests).toHaveLength(0)
    expect(telegram.requests).toHaveLength(0)
  })

  it('L2 stalls past crit: liveness crit, exactly one message per channel', async () => {
    now = base + 200
    const result = await tick()
    expect(statusOf(result, 'liveness')).toBe('crit')
    expect(result.worst).toBe('crit')
    expect(slack.requests).toHaveLength(1)
    expect(slack.requests[0]).toMatchObject({ method: 'chat.postMessage', token: slackToken, body: { channel: 'C0DEVNET' } })
    expect(postedText()[0]).toMatch(/devnet/)
    expect(postedText()[0]).toMatch(/liveness/)
    expect(postedText()[0]).toMatch(/CRIT/)
    expect(telegram.requests).toHaveLength(1)
    expect(telegram.requests[0]).toMatchObject({ method: 'sendMessage', token: telegramToken, body: { chat_id: '-100777', parse_mode: 'HTML' } })
    expect(String(telegram.requests[0]!.body.text)).toMatch(/devnet[\s\S]*liveness[\s\S]*CRIT/i)
    expect(consoleLines.some((line) => line.includes('devnet liveness ok→crit'))).toBe(true)
  })

  it('same status on the next tick: no message, in at most 3 HTTP requests for the chain', async () => {
    l1Proxy.resetCounts()
    l2Proxy.resetCounts()
    now = base + 260
    const result = await tick()
    expect(statusOf(result, 'liveness')).toBe('crit')
    expect(result.changes).toHaveLength(0)
    expect(slack.requests).toHaveLength(1)
    expect(telegram.requests).toHaveLength(1)
    expect(l1Proxy.requestCount + l2Proxy.requestCount).toBeLessThanOrEqual(3)
  })

  it('blocks resume: liveness resolved, one message per channel saying how long it lasted', async () => {
    await mineBlocks(l2, 5, { timestamp: base + 300, interval: 2 })
    now = base + 310
    const result = await tick()
    expect(statusOf(result, 'liveness')).toBe('ok')
    expect(slack.requests).toHaveLength(2)
    expect(telegram.requests).toHaveLength(2)
    expect(postedText()[1]).toMatch(/resolved/i)
    expect(postedText()[1]).toMatch(/resolved after 1 min/)
  })

  it('safe stops advancing while blocks go on: sequencer-lag crit', async () => {
    const safe = await l2.rpc<{ number: string }>('eth_getBlockByNumber', ['safe', false])
    l2Proxy.freezeTag('safe', BigInt(safe.number))
    await mineBlocks(l2, 200, { timestamp: base + 320, interval: 20 })
    now = base + 320 + 199 * 20 + 2
    const result = await tick()
    expect(statusOf(result, 'liveness')).toBe('ok')
    expect(statusOf(result, 'sequencer-lag')).toBe('crit')
    expect(result.results.find((r) => r.check === 'sequencer-lag')?.details?.blocks).toBe(204)
    expect(postedText().at(-1)).toMatch(/sequencer-lag/)
    l2Proxy.freezeTag('safe', null)
  })

  it('no new dispute game for longer than crit: state-root-finality crit', async () => {
    await mineBlocks(l2, 10, { timestamp: base + 22_000 - 18, interval: 2 })
    now = base + 22_002
    const result = await tick()
    expect(statusOf(result, 'state-root-finality')).toBe('crit')
    expect(result.results.find((r) => r.check === 'state-root-finality')?.value).toBe(22_602)
    expect(statusOf(result, 'sequencer-lag')).toBe('ok')
    // both changes of this chain go out as one message per channel
    expect(result.changes).toHaveLength(2)
    expect(slack.requests).toHaveLength(4)
    expect(telegram.requests).toHaveLength(4)
  })

  it('a new game clears it', async () => {
    await devnet.createGame({ l2BlockNumber: 300n, timestamp: base + 22_003 })
    now = base + 22_010
    const result = await tick()
    expect(statusOf(result, 'state-root-finality')).toBe('ok')
    expect(result.results.find((r) => r.check === 'state-root-finality')?.reason).toContain('(L2 #300)')
  })

  it('every RPC down: unknown (never ok), reasons without the URL path, and an alert', async () => {
    l2Proxy.setDown('503')
    l1Proxy.setDown('reset')
    now = base + 22_020
    const result = await tick()
    expect(result.results.map((r) => r.status)).toEqual(Array(12).fill('unknown'))
    for (const verdict of result.results) {
      expect(verdict.value).toBeNull()
      expect(verdict.reason).toMatch(/cannot read|every RPC failed/)
    }
    expect(result.worst).toBe('unknown')
    // Going blind pages once, as rpc-unavailable; the other checks' unknowns are folded into it.
    expect(result.changes.map((c) => c.verdict.check)).toEqual(['rpc-unavailable'])
    expect(postedText().at(-1)).toMatch(/rpc-unavailable UNKNOWN/)
    l2Proxy.setDown(false)
    l1Proxy.setDown(false)
  })
})
