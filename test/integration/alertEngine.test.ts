import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { validateConfig } from '../../functions/config/parseConfig.js'
import type { AlertsConfig } from '../../functions/config/schema.js'
import { createRuntime, type Runtime } from '../../functions/runtime/createRuntime.js'
import { runTick } from '../../functions/tick.js'
import { type Anvil, latestBlock, mineBlocks, startAnvil } from '../devnet/anvil.js'
import { deployOpStack, followL1Head, installL1Block, type L1OriginSetter, type OpStackDevnet } from '../devnet/opStackDevnet.js'
import { type RpcProxy, startRpcProxy } from '../devnet/rpcProxy.js'
import { type FakeSlack, startFakeSlack } from '../fakes/startFakeSlack.js'
import { startFakeTelegram } from '../fakes/startFakeTelegram.js'
import { type FakePagerduty, startFakePagerduty } from '../fakes/startFakePagerduty.js'
import { acknowledge } from '../../functions/alerts/acknowledge.js'
import { deliverOutbox } from '../../functions/alerts/deliverOutbox.js'

const slackToken = 'xoxb-alerts'
const telegramToken = '42:alerts'
const pagerdutyKey = 'devnetR0utingKey0123456789abcdef' // 32 characters, as PagerDuty's are

/** The production alert engine end to end: anvil chains, dynalite store, real chat clients against loopback fakes. */
describe('alert engine on a devnet', () => {
  let l1: Anvil
  let l2: Anvil
  let devnet: OpStackDevnet
  let l1Proxy: RpcProxy
  let origin: L1OriginSetter
  let l2a: RpcProxy
  let l2b: RpcProxy
  let slack: FakeSlack
  let telegram: Awaited<ReturnType<typeof startFakeTelegram>>
  let base: number
  const runtimes: Runtime[] = []

  async function newRuntime(alerts: AlertsConfig = {}, l2Rpc = [l2a.url], extra: { pagerduty?: FakePagerduty } = {}): Promise<Runtime> {
    const config = validateConfig({
      chains: [{ name: 'devnet', stack: 'op-stack', l2Rpc, l1Rpc: [l1Proxy.url], explorer: 'https://explorer.devnet', contracts: { systemConfig: devnet.systemConfig } }],
      alerts,
      notify: {
        slack: { channel: 'C1', tokenEnv: 'T_SLACK', apiUrl: slack.apiUrl },
        telegram: { chatId: '-1', tokenEnv: 'T_TELEGRAM', apiRoot: telegram.apiRoot },
        ...(extra.pagerduty ? { pagerduty: { routingKeyEnv: 'T_PAGERDUTY', apiUrl: extra.pagerduty.apiUrl } } : {}),
      },
    })
    const env = { T_SLACK: slackToken, T_TELEGRAM: telegramToken, T_PAGERDUTY: pagerdutyKey }
    const runtime = await createRuntime({ config, store: { kind: 'embedded' }, env, consoleWrite: false })
    runtimes.push(runtime)
    return runtime
  }
  // A healthy sequencer's L1 origin follows the L1 head (l1-origin has its own tests).
  const tickAt = async (runtime: Runtime, now: number) => {
    await followL1Head(l1, origin)
    return runTick({ ...runtime, clock: () => now })
  }
  const slackTexts = () => slack.requests.map((r) => String(r.body.text))
  const telegramTexts = () => telegram.requests.map((r) => String(r.body.text))
  const resetChat = () => {
    slack.requests.length = 0
    telegram.requests.length = 0
  }

  beforeAll(async () => {
    ;[l1, l2] = await Promise.all([startAnvil(), startAnvil({ slotsInAnEpoch: 4 })])
    devnet = await deployOpStack(l1, { l2 })
    origin = await installL1Block(l2)
    ;[l1Proxy, l2a, l2b, slack, telegram] = await Promise.all([
      startRpcProxy(l1.url),
      startRpcProxy(l2.url),
      startRpcProxy(l2.url),
      startFakeSlack({ token: slackToken }),
      startFakeTelegram({ token: telegramToken }),
    ])
    base = (await latestBlock(l1)).timestamp + 1000
    await mineBlocks(l2, 60, { timestamp: base - 118, interval: 2 })
    await devnet.createGame({ l2BlockNumber: 50n, timestamp: base - 600 })
  })

  afterAll(async () => {
    for (const runtime of runtimes) await runtime.close()
    await Promise.all([l1Proxy?.stop(), l2a?.stop(), l2b?.stop(), slack?.stop(), telegram?.stop()])
    await Promise.all([l1?.stop(), l2?.stop()])
  })

  it('an L2 halt: one message per channel, crit at once (no group wait), reminders only at the repeat interval, one resolved message with the duration', async () => {
    resetChat()
    const runtime = await newRuntime() // defaults: for 2, clearFor 2, groupWait 30 s (warn only), crit reminders every 30 min
    await tickAt(runtime, base + 5)
    await tickAt(runtime, base + 20)
    expect(slack.requests).toHaveLength(0)

    // The sequencer stopped at `base`; from here on every tick sees the head age past crit.
    await tickAt(runtime, base + 135)
    expect(slack.requests).toHaveLength(0) // one breaching observation pages nobody
    const opened = await tickAt(runtime, base + 150)
    expect(opened.changes.map((c) => `${c.kind}:${c.verdict.check}`)).toEqual(['open:liveness'])
    // A crit opening is not held for the group wait.
    expect(opened.deliveries.map((d) => `${d.channel}:${d.result}`).sort()).toEqual(['slack:sent', 'telegram:sent'])
    await tickAt(runtime, base + 165)
    await tickAt(runtime, base + 180)
    expect(slack.requests).toHaveLength(1)
    expect(telegram.requests).toHaveLength(1)
    expect(slackTexts()[0]).toMatch(/devnet liveness CRIT/)
    expect(JSON.stringify(slack.requests[0]!.body.blocks)).toContain('https://explorer.devnet/block/60')
    expect(telegramTexts()[0]).toContain('href="https://explorer.devnet/block/60"')

    // 65 minutes of ticks a minute apart: reminders at +30 min and +60 min only.
    for (let t = base + 240; t <= base + 150 + 65 * 60; t += 60) await tickAt(runtime, t)
    expect(slackTexts().slice(1).map((text) => /reminder/.test(text))).toEqual([true, true])
    // Reminders are replies under the incident message, not new messages of their own.
    const ts = [...slack.messages.values()].find((m) => m.text === slackTexts()[0])!.ts
    expect(slack.requests.slice(1).map((r) => r.body.thread_ts)).toEqual([ts, ts])
    expect(telegram.requests).toHaveLength(3)

    // Blocks again: resolved after two healthy observations, exactly once, saying how long it lasted.
    const resumeAt = base + 150 + 66 * 60
    await mineBlocks(l2, 10, { timestamp: resumeAt, interval: 2 })
    await tickAt(runtime, resumeAt + 10)
    expect(slack.requests).toHaveLength(3)
    await tickAt(runtime, resumeAt + 25)
    await tickAt(runtime, resumeAt + 40)
    expect(slack.requests).toHaveLength(4)
    expect(telegram.requests).toHaveLength(4)
    expect(slackTexts()[3]).toMatch(/devnet liveness OK \(resolved after 1 h \d+ min\)/)
    // …as an edit of the incident's message.
    expect(slack.requests[3]).toMatchObject({ method: 'chat.update', body: { ts } })
    expect(telegram.requests[3]).toMatchObject({ method: 'editMessageText', body: { message_id: [...telegram.messages.values()].filter((m) => m.replyTo === undefined).at(-1)!.messageId } })
  })

  it('an incident that escalates warn → crit and then resolves is one Slack message updated twice (same ts), reminders in its thread', async () => {
    resetChat()
    const runtime = await newRuntime({ groupWait: 0, repeatInterval: { warn: 3600, crit: 60 } })
    const t0 = (await latestBlock(l2)).timestamp // the chain stops here; OP Stack liveness: warn 30 s, crit 120 s
    await tickAt(runtime, t0 + 40)
    await tickAt(runtime, t0 + 55) // warn held twice: opens
    expect(slack.requests.map((r) => r.method)).toEqual(['chat.postMessage'])
    expect(slackTexts()[0]).toMatch(/devnet liveness WARN/)
    const ts = [...slack.messages.values()].find((m) => m.text === slackTexts()[0])!.ts
    await tickAt(runtime, t0 + 130)
    await tickAt(runtime, t0 + 145) // crit held twice: escalates in place
    expect(slack.requests.map((r) => r.method)).toEqual(['chat.postMessage', 'chat.update'])
    expect(slack.requests[1]!.body.ts).toBe(ts)
    expect(slackTexts()[1]).toMatch(/devnet liveness CRIT/)
    await tickAt(runtime, t0 + 205) // a crit reminder after 60 s: a thread reply
    expect(slack.requests[2]).toMatchObject({ method: 'chat.postMessage', body: { thread_ts: ts } })
    expect(slackTexts()[2]).toMatch(/reminder/)

    await mineBlocks(l2, 5, { timestamp: t0 + 210, interval: 2 })
    await tickAt(runtime, t0 + 225)
    await tickAt(runtime, t0 + 240) // healthy twice: resolved, in place
    expect(slack.requests.map((r) => r.method)).toEqual(['chat.postMessage', 'chat.update', 'chat.postMessage', 'chat.update'])
    expect(slack.requests[3]!.body.ts).toBe(ts)
    expect(slack.messages.get(ts)).toMatchObject({ edits: 2 })
    expect(slack.messages.get(ts)!.text).toMatch(/devnet liveness OK \(resolved after 3 min\)/)
    expect(telegram.requests.map((r) => r.method)).toEqual(['sendMessage', 'editMessageText', 'sendMessage', 'editMessageText'])
  })

  it('PagerDuty through real ticks: trigger on open, acknowledge after watchtower ack, resolve on recovery, one dedup_key', async () => {
    resetChat()
    const pagerduty = await startFakePagerduty({ routingKey: pagerdutyKey })
    try {
      const runtime = await newRuntime({ groupWait: 0 }, [l2a.url], { pagerduty })
      const t0 = (await latestBlock(l2)).timestamp + 300 // already stalled past crit
      await tickAt(runtime, t0)
      const opened = await tickAt(runtime, t0 + 15)
      expect(opened.changes.map((c) => c.kind)).toEqual(['open'])
      expect(pagerduty.events.map((e) => [e.event_action, e.payload?.severity])).toEqual([['trigger', 'critical']])
      // What `watchtower ack devnet --by alice` does: ack in the store, queue it, deliver now.
      expect(await acknowledge(runtime.store, { chain: 'devnet', by: 'alice', channels: runtime.channels, now: t0 + 20 })).toEqual(['devnet#liveness'])
      await deliverOutbox(runtime.store, runtime.channels, t0 + 20)
      expect(pagerduty.events.map((e) => e.event_action)).toEqual(['trigger', 'acknowledge'])
      expect([...slack.messages.values()].at(-1)?.text).toMatch(/acknowledged by alice/) // the incident message, edited
      await tickAt(runtime, t0 + 30)
      await mineBlocks(l2, 5, { timestamp: t0 + 35, interval: 2 }) // the devnet's 2 s blocks (derived thresholds follow them)
      await tickAt(runtime, t0 + 45)
      await tickAt(runtime, t0 + 50) // healthy twice: resolved
      expect(pagerduty.events.map((e) => e.event_action)).toEqual(['trigger', 'acknowledge', 'resolve'])
      expect(new Set(pagerduty.events.map((e) => e.dedup_key))).toEqual(new Set([opened.changes[0]!.incident]))
      expect(opened.changes[0]!.incident).toBe(`devnet#liveness#${t0 + 15}`)
    } finally {
      await pagerduty.stop()
    }
  })

  it('Slack down for 3 ticks: everything is delivered once it is back, in order, with no duplicates', async () => {
    resetChat()
    const runtime = await newRuntime({ groupWait: 0 })
    const t0 = (await latestBlock(l2)).timestamp + 300 // already stalled past crit
    slack.failNext(3, { status: 500 })
    await tickAt(runtime, t0)
    await tickAt(runtime, t0 + 15) // opens: Telegram gets it, Slack fails (1)
    expect(telegram.requests).toHaveLength(1)
    await tickAt(runtime, t0 + 30) // retry fails (2); next attempt backs off 30 s
    await mineBlocks(l2, 10, { timestamp: t0 + 30, interval: 2 })
    await tickAt(runtime, t0 + 50)
    const resolved = await tickAt(runtime, t0 + 65) // resolve queued; Slack fails again (3)
    expect(resolved.changes.map((c) => c.kind)).toEqual(['resolve'])
    expect(telegram.requests).toHaveLength(2)
    const failedSoFar = slack.requests.length
    expect(failedSoFar).toBe(3)

    await mineBlocks(l2, 5, { timestamp: t0 + 70, interval: 2 })
    await tickAt(runtime, t0 + 80) // the opening alert is still backing off: the resolve must wait behind it
    expect(slack.requests).toHaveLength(3)
    for (let t = t0 + 95; t <= t0 + 400; t += 15) {
      await mineBlocks(l2, 5, { timestamp: t - 10, interval: 2 }) // the chain stays healthy meanwhile
      await tickAt(runtime, t)
    }
    expect(slack.requests).toHaveLength(4)
    const delivered = slack.requests[3]!
    // One message for the whole story: the incident as it ended, resolved, saying it was crit.
    expect(delivered.body.text).toMatch(/devnet liveness OK \(resolved after \d+ s\)/)
    expect(JSON.stringify(delivered.body.blocks)).toContain('resolved (crit for')
    expect(telegram.requests).toHaveLength(2)
  })

  it('a 429 with Retry-After is honoured before the next attempt', async () => {
    resetChat()
    const runtime = await newRuntime({ groupWait: 0, for: 1 })
    const t0 = (await latestBlock(l2)).timestamp + 300
    slack.failNext(1, { status: 429, headers: { 'Retry-After': '120' } })
    const first = await tickAt(runtime, t0)
    expect(first.deliveries.find((d) => d.channel === 'slack')?.result).toBe('failed')
    for (let t = t0 + 15; t < t0 + 120; t += 15) await tickAt(runtime, t)
    expect(slack.requests).toHaveLength(1)
    await tickAt(runtime, t0 + 120)
    expect(slack.requests).toHaveLength(2)
    await mineBlocks(l2, 10, { timestamp: t0 + 130, interval: 2 })
  })

  it('two concurrent ticks do not double-send', async () => {
    resetChat()
    const runtime = await newRuntime({ groupWait: 0 })
    const twin: Runtime = { ...runtime, adapters: (await newRuntime({ groupWait: 0 })).adapters } // a second container, same table
    const t0 = (await latestBlock(l2)).timestamp + 300
    await tickAt(runtime, t0)
    const [a, b] = await Promise.all([tickAt(runtime, t0 + 15), tickAt(twin, t0 + 15)])
    expect(a.changes.length + b.changes.length).toBe(1)
    expect(slack.requests).toHaveLength(1)
    expect(telegram.requests).toHaveLength(1)
    await mineBlocks(l2, 10, { timestamp: t0 + 20, interval: 2 })
  })

  it('with two L2 RPCs: one failing is no page; all RPCs down past the limit pages once, as rpc-unavailable', async () => {
    resetChat()
    const runtime = await newRuntime({ groupWait: 0 }, [l2a.url, l2b.url])
    const head = await latestBlock(l2)
    const t0 = head.timestamp + 5
    await mineBlocks(l2, 1, { timestamp: t0 })
    l2a.setDown('503')
    for (const t of [t0 + 1, t0 + 10, t0 + 20]) {
      const result = await tickAt(runtime, t)
      expect(result.results.find((r) => r.check === 'liveness')?.status).toBe('ok') // failed over to the second RPC
    }
    l2b.setDown('reset')
    l1Proxy.setDown('503')
    const blind = await tickAt(runtime, t0 + 31) // one blind tick
    expect(blind.results.find((r) => r.check === 'rpc-unavailable')?.status).toBe('unknown')
    for (let t = t0 + 45; t <= t0 + 150; t += 15) await tickAt(runtime, t)
    expect(slackTexts()).toHaveLength(1)
    expect(slackTexts()[0]).toMatch(/rpc-unavailable UNKNOWN/)
    expect(slackTexts()[0]).not.toMatch(/liveness/)
    expect(telegram.requests).toHaveLength(1)
    l2a.setDown(false)
    l2b.setDown(false)
    l1Proxy.setDown(false)
  })

  it('two L2 RPCs, one stalled: rpc-divergence warns and the checks use the RPC that keeps up', async () => {
    resetChat()
    const head = await latestBlock(l2)
    const stalled = await startAnvil({ timestamp: head.timestamp - 4000 })
    try {
      await mineBlocks(stalled, 10, { timestamp: head.timestamp - 3000, interval: 2 })
      const now = head.timestamp + 5
      await mineBlocks(l2, 10, { timestamp: head.timestamp + 1, interval: 1 })
      const runtime = await newRuntime({ groupWait: 0 }, [stalled.url, l2a.url]) // the stalled one listed first
      const first = await tickAt(runtime, now + 10)
      expect(first.results.find((r) => r.check === 'liveness')?.status).toBe('ok')
      const divergence = first.results.find((r) => r.check === 'rpc-divergence')
      expect(divergence?.status).toBe('warn')
      expect(divergence?.reason).toMatch(/stuck \d+ s behind/)
      await tickAt(runtime, now + 20)
      expect(slackTexts()).toHaveLength(1)
      expect(slackTexts()[0]).toMatch(/rpc-divergence WARN/)
    } finally {
      await stalled.stop()
    }
  })
})
