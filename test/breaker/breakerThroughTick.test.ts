import type { Address } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { validateConfig } from '../../functions/config/parseConfig.js'
import { createRuntime, type Runtime } from '../../functions/runtime/createRuntime.js'
import { runTick } from '../../functions/tick.js'
import { type Anvil, latestBlock, mineBlocks, startAnvil } from '../devnet/anvil.js'
import { deployBreakerPortal, deployPausableTarget, deploySystemConfig, fund, minedNonce, PAUSER_ADDRESS } from '../devnet/breakerDevnet.js'
import { deployOpStack } from '../devnet/opStackDevnet.js'
import { type FakeSlack, startFakeSlack } from '../fakes/startFakeSlack.js'
import { type FakeTelegram, startFakeTelegram } from '../fakes/startFakeTelegram.js'
import { armedBreaker, breakerEnv, chatNotify, createChainClock, slackToken, telegramToken } from './harness.js'

/** The breaker as the product runs it: config through the one schema, createRuntime's hook, the real runTick. */
describe('breaker through runTick (armed, L1 target)', () => {
  let l1: Anvil
  let l2: Anvil
  let slack: FakeSlack
  let telegram: FakeTelegram
  let runtime: Runtime
  let bridge: Awaited<ReturnType<typeof deployPausableTarget>>
  let clock: Awaited<ReturnType<typeof createChainClock>>

  beforeAll(async () => {
    ;[l1, l2] = await Promise.all([startAnvil({ chainId: 900 }), startAnvil({ chainId: 901, slotsInAnEpoch: 4, noMining: true })])
    ;[slack, telegram] = await Promise.all([startFakeSlack({ token: slackToken }), startFakeTelegram({ token: telegramToken })])
    const devnet = await deployOpStack(l1, { l2 })
    const portal: Address = await deployBreakerPortal(l1, devnet.anchorStateRegistry)
    const systemConfig = await deploySystemConfig(l1, { portal, disputeGameFactory: devnet.disputeGameFactory })
    const base = (await latestBlock(l1)).timestamp + 1000
    await mineBlocks(l2, 60, { timestamp: base - 118, interval: 2 })
    await devnet.createGame({ l2BlockNumber: 50n, timestamp: base - 600 })
    await Promise.all([fund(l1, PAUSER_ADDRESS), fund(l2, PAUSER_ADDRESS)])
    bridge = await deployPausableTarget(l1, { pauser: PAUSER_ADDRESS })
    clock = await createChainClock(l2)
    const config = validateConfig({
      chains: [{ name: 'op-devnet', stack: 'op-stack', l2Rpc: [l2.url], l1Rpc: [l1.url], contracts: { systemConfig }, thresholds: { liveness: { warn: 30, crit: 120 } } }],
      notify: chatNotify({ slack, telegram, channel: 'C0TICK', chatId: '-100111' }),
      breaker: armedBreaker([{ name: 'pause-bridge-l1', chain: 'op-devnet', checks: ['liveness'], for: 3, target: { chain: 'l1', address: bridge.address } }], {
        send: { receiptTimeoutSeconds: 2 },
      }),
    })
    runtime = await createRuntime({ config, store: { kind: 'embedded' }, env: breakerEnv, consoleWrite: false })
  })

  afterAll(async () => {
    await runtime?.close()
    await Promise.all([slack?.stop(), telegram?.stop()])
    await Promise.all([l1?.stop(), l2?.stop()])
  })

  it('pauses once after the required count, announces the hash on both channels, and never again', async () => {
    expect(runtime.afterTick).toBeDefined()
    const tick = () => runTick({ ...runtime, clock: () => clock.now })
    await clock.produce([l2])
    clock.advance(5)
    await tick()
    const nonce = await minedNonce(l1, PAUSER_ADDRESS)
    for (const seconds of [200, 15]) {
      clock.advance(seconds)
      await tick()
      expect(await bridge.isPaused()).toBe(false) // not before three crit observations
    }
    clock.advance(15)
    await tick()
    expect(await bridge.isPaused()).toBe(true)
    expect(await minedNonce(l1, PAUSER_ADDRESS)).toBe(nonce + 1)
    const hashed = (texts: string[]) => texts.filter((text) => /0x[0-9a-f]{64}/i.test(text) && /pause-bridge-l1/.test(text))
    expect(hashed(slack.requests.map((r) => String(r.body.text)))).toHaveLength(1)
    expect(hashed(telegram.requests.map((r) => String(r.body.text)))).toHaveLength(1)

    for (let i = 0; i < 3; i++) {
      clock.advance(15)
      await tick()
    }
    expect(await minedNonce(l1, PAUSER_ADDRESS)).toBe(nonce + 1)
  })
})
