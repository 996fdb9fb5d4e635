// `watchtower run`'s loop (bin/runLoop.ts) on a virtual clock: an anvil L2, the embedded store, the real Slack
// client against the loopback fake. Times asserted are the virtual clock's, so nothing here depends on speed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runLoop } from '../../bin/runLoop.js'
import { validateConfig } from '../../functions/config/parseConfig.js'
import { createRuntime, type Runtime } from '../../functions/runtime/createRuntime.js'
import { confirmReadSeconds } from '../../functions/schedule/planReads.js'
import { runTick, type TickResult } from '../../functions/tick.js'
import { type Anvil, latestBlock, mineBlocks, startAnvil } from '../devnet/anvil.js'
import { blockProducer, virtualClock } from '../devnet/virtualClock.js'
import { type FakeSlack, startFakeSlack } from '../fakes/startFakeSlack.js'

const token = 'xoxb-loop'

describe('poll loop: reads at the deadline, confirms quickly, pages crit at once', () => {
  let l2: Anvil
  let slack: FakeSlack
  let chain: ReturnType<typeof blockProducer>
  let clockAt = 0 // virtual ms, carried from one test to the next (anvil timestamps only go forward)
  const runtimes: Runtime[] = []

  beforeAll(async () => {
    ;[l2, slack] = await Promise.all([startAnvil({ chainId: 902 }), startFakeSlack({ token })])
    const base = (await latestBlock(l2)).timestamp + 100
    await mineBlocks(l2, 30, { timestamp: base - 58, interval: 2 })
    chain = blockProducer(l2, base)
    clockAt = base * 1000 + 500
  })
  afterAll(async () => {
    for (const runtime of runtimes) await runtime.close()
    await Promise.all([slack?.stop(), l2?.stop()])
  })

  /** Runs `watchtower run`'s loop until `until` says so (checked after each tick) or 10 virtual minutes pass. */
  async function watch(until: (ticks: readonly LoopTick[]) => boolean) {
    const config = validateConfig({
      chains: [{ name: 'devnet', stack: 'evm', l2Rpc: [l2.url] }],
      notify: { slack: { channel: 'C1', tokenEnv: 'T_SLACK', apiUrl: slack.apiUrl } },
    })
    const runtime = await createRuntime({ config, store: { kind: 'embedded' }, env: { T_SLACK: token }, consoleWrite: false })
    runtimes.push(runtime)
    const clock = virtualClock(clockAt, { onAdvance: (toMs) => chain.produceUntil(toMs / 1000) })
    const started = clock.now()
    const ticks: LoopTick[] = []
    const received: { at: number; text: string }[] = []
    const push = slack.requests.push.bind(slack.requests)
    slack.requests.push = (...requests) => {
      for (const request of requests) received.push({ at: clock.now() / 1000, text: String(request.body.text) })
      return push(...requests)
    }
    let stop = (_reason: string) => {}
    const stopped = new Promise<string>((resolve) => (stop = resolve))
    try {
      await runLoop(runtime, {
        interval: 15,
        json: true,
        configPath: 'test',
        out: () => {},
        err: () => {},
        printJson: () => {},
        stopped,
        clock,
        tick: async (rt, options) => {
          const at = clock.now() / 1000
          const result = await runTick({ ...rt, clock: () => Math.floor(clock.now() / 1000) }, options)
          ticks.push({ at, early: options.chains !== undefined, result })
          if (until(ticks) || clock.now() - started > 600_000) stop('done')
          return result
        },
      })
    } finally {
      slack.requests.push = push
      clockAt = clock.now() + 1000
    }
    return { ticks, received, started: started / 1000 }
  }

  it('a halt while watching: read at the warn and crit deadlines, each confirmed 3 s later; the crit reaches Slack then, not a poll later', async () => {
    slack.requests.length = 0
    const haltAt = Math.floor(clockAt / 1000) + 20
    chain.halt(haltAt)
    const crit = (ticks: readonly LoopTick[]) => ticks.some((t) => t.result.changes.some((c) => c.verdict.check === 'liveness' && c.verdict.status === 'crit'))
    const { ticks, received, started } = await watch(crit)
    const halted = chain.last // the newest block: liveness counts from its timestamp
    expect(halted).toBeLessThanOrEqual(haltAt)
    const thresholds = ticks.at(-1)!.result.results.find((v) => v.check === 'liveness')!.threshold
    expect(thresholds).toEqual({ warn: 30, crit: 120 }) // 15× / 60× the devnet's 2 s blocks

    const early = ticks.filter((t) => t.early).map((t) => t.at - halted)
    expect(early).toEqual([thresholds.warn, thresholds.warn + confirmReadSeconds, thresholds.crit, thresholds.crit + confirmReadSeconds])
    // The regular grid went on every 15 s regardless.
    expect(ticks.filter((t) => !t.early).every((t) => (t.at - started) % 15 === 0)).toBe(true)
    const page = received.find((r) => /liveness CRIT/.test(r.text))
    expect(page?.at).toBe(halted + thresholds.crit + confirmReadSeconds)
    chain.resume()
  })

  it('a chain found halted past crit: the first read is confirmed 3 s later and that read pages crit at once (no group wait)', async () => {
    slack.requests.length = 0
    chain.halt(chain.last)
    clockAt = (chain.last + 200) * 1000 // the watcher starts 200 s into the halt
    const { ticks, received, started } = await watch((t) => t.some((tick) => tick.result.changes.length > 0))
    expect(ticks.map((t) => ({ at: t.at - started, early: t.early }))).toEqual([
      { at: 0, early: false },
      { at: confirmReadSeconds, early: true },
    ])
    expect(ticks[1]!.result.changes.map((c) => `${c.kind}:${c.verdict.check}:${c.verdict.status}`)).toEqual(['open:liveness:crit'])
    expect(ticks[1]!.result.deliveries).toMatchObject([{ channel: 'slack', result: 'sent' }])
    expect(received.map((r) => r.at - started)).toEqual([confirmReadSeconds])
    chain.resume()
  })
})

interface LoopTick {
  /** Virtual unix seconds the tick started. */
  readonly at: number
  readonly early: boolean
  readonly result: TickResult
}
