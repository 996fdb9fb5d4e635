import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { validateConfig } from '../../functions/config/parseConfig.js'
import { createRuntime, type Runtime } from '../../functions/runtime/createRuntime.js'
import { runTick } from '../../functions/tick.js'
import { type Anvil, latestBlock, mineBlocks, startAnvil } from '../devnet/anvil.js'
import { deployPausableTarget, fund, minedNonce, PAUSER_ADDRESS } from '../devnet/breakerDevnet.js'
import { deployOpStack } from '../devnet/opStackDevnet.js'
import { type FakeSlack, startFakeSlack } from '../fakes/startFakeSlack.js'
import { armedBreaker, breakerEnv, chatNotify, slackToken } from './harness.js'

/** issue 11: an armed action on state-root-validity pauses the bridge once when a game claims a root the L2 never computed. */
describe('breaker on an invalid state root (armed, L1 target, real tick)', () => {
  let l1: Anvil
  let l2: Anvil
  let slack: FakeSlack
  let runtime: Runtime
  let bridge: Awaited<ReturnType<typeof deployPausableTarget>>
  let now: number

  beforeAll(async () => {
    ;[l1, l2] = await Promise.all([startAnvil({ chainId: 900 }), startAnvil({ chainId: 901, slotsInAnEpoch: 2 })])
    slack = await startFakeSlack({ token: slackToken })
    await mineBlocks(l2, 10)
    const devnet = await deployOpStack(l1)
    // A root claim the L2 never computed, for a block the L2 has.
    await devnet.createGame({ l2BlockNumber: 8n, rootClaim: `0x${'be'.repeat(32)}` })
    await fund(l1, PAUSER_ADDRESS)
    bridge = await deployPausableTarget(l1, { pauser: PAUSER_ADDRESS })
    now = Math.max((await latestBlock(l1)).timestamp, (await latestBlock(l2)).timestamp) + 5
    const config = validateConfig({
      chains: [{ name: 'op-devnet', stack: 'op-stack', l2Rpc: [l2.url], l1Rpc: [l1.url], contracts: { systemConfig: devnet.systemConfig }, thresholds: { liveness: { warn: 3600, crit: 7200 } } }],
      notify: chatNotify({ slack, channel: 'C0ROOT' }),
      breaker: armedBreaker([{ name: 'pause-bridge-on-bad-root', chain: 'op-devnet', checks: ['state-root-validity'], for: 2, target: { chain: 'l1', address: bridge.address } }], {
        send: { receiptTimeoutSeconds: 2 },
      }),
    })
    runtime = await createRuntime({ config, store: { kind: 'embedded' }, env: breakerEnv, consoleWrite: false })
  })

  afterAll(async () => {
    await runtime?.close()
    await slack?.stop()
    await Promise.all([l1?.stop(), l2?.stop()])
  })

  it('sends exactly one pause, after `for` crit ticks, and never again while the root stays invalid', async () => {
    const tick = async () => {
      now += 15
      return runTick({ ...runtime, clock: () => now })
    }
    const nonce = await minedNonce(l1, PAUSER_ADDRESS)
    const first = await tick()
    expect(first.results.find((r) => r.check === 'state-root-validity')).toMatchObject({ status: 'crit', reason: expect.stringContaining('invalid state root proposed') })
    expect(await bridge.isPaused()).toBe(false) // for: 2
    await tick()
    expect(await bridge.isPaused()).toBe(true)
    expect(await minedNonce(l1, PAUSER_ADDRESS)).toBe(nonce + 1)
    for (let i = 0; i < 3; i++) await tick()
    expect(await minedNonce(l1, PAUSER_ADDRESS)).toBe(nonce + 1)
    const announced = slack.requests.map((r) => String(r.body.text)).filter((text) => /pause-bridge-on-bad-root/.test(text) && /0x[0-9a-f]{64}/i.test(text))
    expect(announced).toHaveLength(1)
  })

  it('withdrawal-validity may be listed in an action too (the schema takes every check name)', () => {
    const action = { name: 'pause-on-forgery', chain: 'op', checks: ['withdrawal-validity', 'state-root-validity'], target: { chain: 'l1', address: bridge.address } }
    const chain = { name: 'op', stack: 'op-stack', l2Rpc: ['http://127.0.0.1:1'], l1Rpc: ['http://127.0.0.1:2'], contracts: { systemConfig: bridge.address } }
    const config = validateConfig({ chains: [chain], breaker: { mode: 'armed', signer: { privateKeyEnv: 'K' }, actions: [action] } })
    expect(config.breaker?.actions[0]?.checks).toEqual(['withdrawal-validity', 'state-root-validity'])
    expect(() => validateConfig({ chains: [chain], breaker: { mode: 'armed', signer: { privateKeyEnv: 'K' }, actions: [{ ...action, checks: ['withdrawal-forgery'] }] } })).toThrow(/checks/)
  })
})
