import { type Hex, isAddressEqual } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deliverOutbox } from '../../functions/alerts/deliverOutbox.js'
import { validateConfig } from '../../functions/config/parseConfig.js'
import { createRuntime, type Runtime } from '../../functions/runtime/createRuntime.js'
import { runTick } from '../../functions/tick.js'
import { type Anvil, startAnvil } from '../devnet/anvil.js'
import { deployPausableTarget, devClient, fund, minedNonce, PAUSER_ADDRESS, type PausableTarget } from '../devnet/breakerDevnet.js'
import { type FakeSlack, startFakeSlack } from '../fakes/startFakeSlack.js'
import { armedBreaker, breakerEnv, chatNotify, createChainClock, slackToken } from './harness.js'

/**
 * Issue 13 acceptance: breaker announcements go through the outbox. Slack answers 500 while the breaker pauses;
 * the PAUSED announcement, with its tx hash, reaches Slack exactly once after Slack recovers — through the real
 * runTick and createRuntime wiring, two watcher processes delivering the same outbox.
 */
describe('breaker announcements through the outbox', () => {
  let watched: Anvil
  let sibling: Anvil
  let slack: FakeSlack
  let runtime: Runtime
  let target: PausableTarget
  let clock: Awaited<ReturnType<typeof createChainClock>>

  beforeAll(async () => {
    ;[watched, sibling, slack] = await Promise.all([startAnvil({ chainId: 901 }), startAnvil({ chainId: 902 }), startFakeSlack({ token: slackToken })])
    await fund(sibling, PAUSER_ADDRESS)
    target = await deployPausableTarget(sibling, { pauser: PAUSER_ADDRESS })
    clock = await createChainClock(watched)
    const config = validateConfig({
      chains: [
        { name: 'watched', stack: 'evm', l2Rpc: [watched.url], thresholds: { liveness: { warn: 30, crit: 120 } } },
        { name: 'sibling', stack: 'evm', l2Rpc: [sibling.url], thresholds: { liveness: { warn: 1e6, crit: 2e6 } } },
      ],
      notify: chatNotify({ slack, channel: 'C0OUTBOX' }),
      breaker: armedBreaker([{ name: 'pause-perps', chain: 'watched', checks: ['liveness'], severity: 'crit', for: 3, target: { chain: 'sibling', address: target.address } }]),
    })
    runtime = await createRuntime({ config, store: { kind: 'embedded' }, env: breakerEnv, consoleWrite: false })
  })

  afterAll(async () => {
    await runtime?.close()
    await slack?.stop()
    await Promise.all([watched?.stop(), sibling?.stop()])
  })

  it('with Slack answering 500 while the breaker pauses, PAUSED (with its tx hash) reaches Slack exactly once after it recovers', async () => {
    const tick = () => runTick({ ...runtime, clock: () => clock.now })
    const pausedPosts = () => slack.posted().filter((r) => /Breaker PAUSED: pause-perps/.test(String(r.body.text)))
    await clock.produce()
    await tick()
    const nonce = await minedNonce(sibling, PAUSER_ADDRESS)

    slack.outage({ status: 500 })
    const failedBefore = slack.requests.filter((r) => r.failedWith === 500).length
    let pausedAt: Awaited<ReturnType<typeof tick>> | undefined
    for (const seconds of [200, 15, 15]) {
      clock.advance(seconds)
      const result = await tick()
      if (await target.isPaused()) {
        pausedAt = result
        break
      }
    }
    expect(pausedAt, 'the breaker paused while Slack was down').toBeDefined()
    expect(await minedNonce(sibling, PAUSER_ADDRESS)).toBe(nonce + 1)
    // The tick tried to deliver right away and Slack refused: the announcement is kept, to be retried in the chain's
    // order, behind the crit alert (paged without group wait) whose retry failed first.
    const refused = pausedAt!.deliveries.find((d) => d.channel === 'slack' && d.result === 'failed')
    expect(refused?.error).toMatch(/500/)
    expect((await runtime.store.getOutbox('slack')).some((entry) => entry.id.startsWith('breaker#pause-perps#000001#paused'))).toBe(true)
    expect(slack.requests.filter((r) => r.failedWith === 500).length).toBeGreaterThan(failedBefore)
    expect(pausedPosts()).toHaveLength(0)

    // Still down on the next retry: tried again (backoff 30 s after two attempts), still nothing delivered, nothing sent on chain.
    clock.advance(35)
    const during = await tick()
    expect(during.deliveries.some((d) => d.result === 'failed' && d.ids.some((id) => id.includes('#paused#')))).toBe(true)
    expect(pausedPosts()).toHaveLength(0)

    // What is queued names the pause transaction that was mined.
    const queued = (await runtime.store.getOutbox('slack')).filter((entry) => entry.kind === 'breaker' && entry.announcement.event === 'paused')
    expect(queued).toHaveLength(1)
    const hash = queued[0]!.kind === 'breaker' ? queued[0]!.announcement.hashes?.[0] : undefined
    expect(hash).toMatch(/^0x[0-9a-f]{64}$/)
    const receipt = await devClient(sibling).getTransactionReceipt({ hash: hash as Hex })
    expect(receipt.status).toBe('success')
    expect(isAddressEqual(receipt.to!, target.address)).toBe(true)

    slack.recover()
    clock.advance(60)
    // Another process delivering the same outbox at the same moment (an overlapping tick): claims keep it single.
    await Promise.all([tick(), deliverOutbox(runtime.store, runtime.channels, clock.now)])
    const posted = pausedPosts()
    expect(posted).toHaveLength(1)
    expect(String(posted[0]!.body.text)).toContain(hash)
    expect(posted[0]!.body.channel).toBe('C0OUTBOX')
    expect(await runtime.store.getOutbox('slack')).toEqual([])

    // Later ticks (and retries) never post it again; no second pause either.
    for (let i = 0; i < 3; i++) {
      clock.advance(60)
      await tick()
    }
    expect(pausedPosts()).toHaveLength(1)
    expect(await minedNonce(sibling, PAUSER_ADDRESS)).toBe(nonce + 1)
  })
})
