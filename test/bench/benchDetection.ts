// Detection bench: how long from an L2 halting to the page reaching Slack, at default settings, through the
// real `watchtower run` loop (bin/runLoop.ts), the real tick, the real Slack client and the loopback Slack fake.
//
// OP Stack devnet (anvil L1 with the solc-compiled contracts, anvil L2 with 2 s blocks), each node behind a
// counting RPC proxy. The clock is virtual with real work: the loop's waits are skipped (the chain moves on to
// where it would be by then), but everything the loop does — RPC reads, the embedded store, Slack requests —
// takes the real time it takes and that time counts. The L2 stops at several phases of the 15 s poll cycle; the
// figure is from its last block's timestamp to the liveness CRIT request arriving at the Slack fake.
// Before the halts, a steady healthy stretch counts requests per chain per minute, and early reads (none expected).
//
// Used by `npm run bench` (test/bench/bench.ts); on its own: `npx tsx test/bench/benchDetection.ts`.
import { pathToFileURL } from 'node:url'
import { runLoop } from '../../bin/runLoop.js'
import { defaultAlertSettings } from '../../functions/alerts/alertSettings.js'
import { validateConfig } from '../../functions/config/parseConfig.js'
import { createRuntime, type Runtime } from '../../functions/runtime/createRuntime.js'
import { confirmReadSeconds } from '../../functions/schedule/planReads.js'
import { runTick } from '../../functions/tick.js'
import { type Anvil, latestBlock, mineBlocks, startAnvil } from '../devnet/anvil.js'
import { deployOpStack, followL1Head, installL1Block } from '../devnet/opStackDevnet.js'
import { type RpcProxy, startRpcProxy } from '../devnet/rpcProxy.js'
import { blockProducer, virtualClock } from '../devnet/virtualClock.js'
import { type FakeSlack, startFakeSlack } from '../fakes/startFakeSlack.js'

/** `watchtower run`'s default interval. */
const INTERVAL_SECONDS = 15
/** Where in the poll cycle the L2 stops, seconds after a regular poll (2 s blocks: even seconds). */
const STOP_PHASES = [0, 2, 4, 6, 8, 10, 12, 14]
const STEADY_MINUTES = 3
/** Healthy time after each page before the next halt (the incident resolves: two ok reads, clearFor 2). */
const RECOVERY_SECONDS = 45
/** Detection goal: within crit + this. */
const GOAL_SLACK_SECONDS = 5
const TOKEN = 'xoxb-bench'

export interface DetectionRun {
  /** Seconds after a regular poll at which the last block was made. */
  readonly phase: number
  /** From the last block to the liveness CRIT at the Slack fake. */
  readonly seconds: number
  /** Reads of the halted chain between its halt and the page: regular polls and early ones (deadline, confirm). */
  readonly regularReads: number
  readonly earlyReads: number
}

export interface DetectionBench {
  readonly crit: number
  readonly goal: number
  readonly runs: readonly DetectionRun[]
  readonly min: number
  readonly median: number
  readonly max: number
  readonly pass: boolean
  readonly steady: { readonly minutes: number; readonly requestsPerMinute: number; readonly pollsPerMinute: number; readonly requestsPerPoll: number; readonly earlyReads: number }
}

interface Tick {
  readonly at: number
  readonly early: boolean
}

export async function benchDetection(): Promise<DetectionBench> {
  let l1: Anvil | undefined
  let l2: Anvil | undefined
  let slack: FakeSlack | undefined
  const proxies: RpcProxy[] = []
  let runtime: Runtime | undefined
  try {
    ;[l1, l2, slack] = await Promise.all([startAnvil(), startAnvil({ slotsInAnEpoch: 4, chainId: 901 }), startFakeSlack({ token: TOKEN })])
    const l1Node = l1
    const op = await deployOpStack(l1, { l2 })
    const base = (await latestBlock(l1)).timestamp + 1000
    await mineBlocks(l2, 60, { timestamp: base - 59 * 2, interval: 2 })
    await op.createGame({ l2BlockNumber: 50n, timestamp: base - 600 })
    await op.createGame({ l2BlockNumber: 55n, timestamp: base - 300 })
    await op.setAnchor(`0x${'11'.repeat(32)}`, 20n, base - 290)
    const [l1Proxy, l2Proxy] = await Promise.all([startRpcProxy(l1.url), startRpcProxy(l2.url)])
    proxies.push(l1Proxy, l2Proxy)
    const requests = () => l1Proxy.requestCount + l2Proxy.requestCount

    const config = validateConfig(
      {
        chains: [{ name: 'devnet', stack: 'op-stack', l2Rpc: [l2Proxy.url], l1Rpc: [l1Proxy.url], contracts: { systemConfig: op.systemConfig } }],
        notify: { slack: { channel: 'C1', tokenEnv: 'BENCH_SLACK', apiUrl: slack.apiUrl } },
      },
      'bench:detection',
    )
    runtime = await createRuntime({ config, store: { kind: 'embedded' }, env: { BENCH_SLACK: TOKEN }, consoleWrite: false })

    const chain = blockProducer(l2, base)
    // The L1 catches up to the virtual clock; the L2's L1 origin (L1Block predeploy, l1-origin) follows its head.
    await mineBlocks(l1, 1, { timestamp: base })
    let l1Last = base
    const origin = await installL1Block(l2)
    await followL1Head(l1, origin)
    const clock = virtualClock(base * 1000 + 1000, {
      realTime: true,
      // The world moves on to where it would be: an L1 block every 12 s, L2 blocks every 2 s (until a halt) whose
      // L1 origin follows the L1 head (a halted sequencer moves no origin).
      onAdvance: async (toMs) => {
        const l1Next = Math.floor(toMs / 1000 / 12) * 12
        if (l1Next > l1Last) {
          await mineBlocks(l1Node, 1, { timestamp: l1Next })
          l1Last = l1Next
        }
        if ((await chain.produceUntil(toMs / 1000)) > 0) await followL1Head(l1Node, origin)
      },
    })
    const nowSeconds = () => clock.now() / 1000

    // The scenario, driven from the loop's own ticks and the Slack fake's requests.
    const ticks: Tick[] = []
    let gridStart: number | undefined
    const steadyEnd = nowSeconds() + STEADY_MINUTES * 60
    let steady: DetectionBench['steady'] | undefined
    let steadyFrom = { requests: 0, at: 0, ticks: 0 }
    const runs: DetectionRun[] = []
    let halt: { phase: number; stopAt: number; ticksFrom: number } | undefined
    let recoverUntil: number | undefined
    let crit: number | undefined
    let stop = (_reason: string) => {}
    const stopped = new Promise<string>((resolve) => (stop = resolve))
    let failure: Error | undefined

    const push = slack.requests.push.bind(slack.requests)
    slack.requests.push = (...received) => {
      const at = nowSeconds()
      for (const request of received) {
        if (!halt || !/devnet liveness CRIT/.test(String(request.body.text))) continue
        const last = chain.last
        const halted = ticks.slice(halt.ticksFrom).filter((t) => t.at >= last)
        runs.push({
          phase: halt.phase,
          seconds: Math.round((at - last) * 100) / 100,
          regularReads: halted.filter((t) => !t.early).length,
          earlyReads: halted.filter((t) => t.early).length,
        })
        halt = undefined
        chain.resume(Math.floor(at))
        recoverUntil = at + RECOVERY_SECONDS
      }
      return push(...received)
    }

    const armNextHalt = () => {
      const phase = STOP_PHASES[runs.length]
      if (phase === undefined) return stop('done')
      // The next regular poll at least a cycle away, plus the phase; on a block (2 s from the chain's last).
      const polls = Math.ceil((nowSeconds() + INTERVAL_SECONDS - gridStart!) / INTERVAL_SECONDS)
      const target = gridStart! + polls * INTERVAL_SECONDS + phase
      const stopAt = chain.last + Math.floor((target - chain.last) / 2) * 2
      chain.halt(stopAt)
      halt = { phase: Math.round(((stopAt - gridStart!) % INTERVAL_SECONDS) * 10) / 10, stopAt, ticksFrom: ticks.length }
    }

    await runLoop(runtime, {
      interval: INTERVAL_SECONDS,
      json: true,
      configPath: 'bench',
      out: () => {},
      err: () => {},
      printJson: () => {},
      stopped,
      clock,
      tick: async (rt, options) => {
        const at = nowSeconds()
        gridStart ??= at
        const result = await runTick({ ...rt, clock: () => Math.floor(clock.now() / 1000) }, options)
        ticks.push({ at, early: options.chains !== undefined })
        crit ??= result.results.find((v) => v.check === 'liveness')?.threshold.crit
        try {
          const unreadable = result.results.filter((v) => v.status === 'unknown')
          if (unreadable.length > 0) throw new Error(`unreadable: ${unreadable.map((v) => `${v.check}: ${v.reason}`).join('; ')}`)
          if (!steady) {
            if (ticks.length === 3) steadyFrom = { requests: requests(), at, ticks: ticks.length } // after a cold poll and a warm one
            if (at >= steadyEnd) {
              const minutes = (at - steadyFrom.at) / 60
              const measured = ticks.slice(steadyFrom.ticks - 1, -1)
              const count = requests() - steadyFrom.requests
              steady = {
                minutes: Math.round(minutes * 100) / 100,
                requestsPerMinute: Math.round((count / minutes) * 100) / 100,
                pollsPerMinute: Math.round((measured.length / minutes) * 100) / 100,
                requestsPerPoll: Math.round((count / measured.length) * 100) / 100,
                earlyReads: measured.filter((t) => t.early).length,
              }
              armNextHalt()
            }
          } else if (recoverUntil !== undefined && at >= recoverUntil) {
            recoverUntil = undefined
            armNextHalt()
          } else if (halt && at > halt.stopAt + 600) throw new Error(`no liveness CRIT at the Slack fake 10 min after the halt at phase ${halt.phase}`)
        } catch (error) {
          failure = error as Error
          stop('failed')
        }
        return result
      },
    })
    slack.requests.push = push
    if (failure) throw failure
    if (crit === undefined || !steady) throw new Error('the loop stopped before measuring')

    const seconds = runs.map((r) => r.seconds).sort((a, b) => a - b)
    const median = seconds.length % 2 ? seconds[(seconds.length - 1) / 2]! : (seconds[seconds.length / 2 - 1]! + seconds[seconds.length / 2]!) / 2
    const goal = crit + GOAL_SLACK_SECONDS
    return { crit, goal, runs, min: seconds[0]!, median: Math.round(median * 100) / 100, max: seconds.at(-1)!, pass: seconds.at(-1)! <= goal, steady }
  } finally {
    await runtime?.close()
    await Promise.allSettled([...proxies.map((p) => p.stop()), slack?.stop()])
    await Promise.allSettled([l1?.stop(), l2?.stop()])
  }
}

export function formatDetectionBench(d: DetectionBench): string {
  const s = d.steady
  return [
    `Detection: L2 halt → liveness CRIT at the Slack fake (watchtower run loop + tick + Slack client; OP Stack devnet, 2 s blocks)`,
    `  default settings: poll every ${INTERVAL_SECONDS} s, early read at a check's deadline, confirm ${confirmReadSeconds} s after a first breach (for ${defaultAlertSettings.for}), crit without group wait (${defaultAlertSettings.groupWait} s for warn); liveness crit ${d.crit} s`,
    `  virtual clock: the loop's waits are skipped, its work (RPC, store, Slack) takes and counts real time`,
    `  ${'stop phase (s after a poll)'.padEnd(28)}${d.runs.map((r) => String(r.phase).padStart(8)).join('')}`,
    `  ${'halt → Slack (s)'.padEnd(28)}${d.runs.map((r) => r.seconds.toFixed(2).padStart(8)).join('')}`,
    `  ${'reads while halted (reg+early)'.padEnd(28)}${d.runs.map((r) => `${r.regularReads}+${r.earlyReads}`.padStart(8)).join('')}`,
    `  min ${d.min.toFixed(2)} s, median ${d.median.toFixed(2)} s, max ${d.max.toFixed(2)} s; goal ≤ crit + ${GOAL_SLACK_SECONDS} = ${d.goal} s  ${d.pass ? 'PASS' : 'MISS'}`,
    `  steady state (${s.minutes} min healthy, before the halts): ${s.requestsPerMinute} HTTP requests per chain per minute = ${s.pollsPerMinute} polls/min × ${s.requestsPerPoll} requests; early reads ${s.earlyReads} (a poll every ${INTERVAL_SECONDS} s alone: ${60 / INTERVAL_SECONDS} polls/min)`,
  ].join('\n')
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  benchDetection().then(
    (d) => {
      console.log(formatDetectionBench(d))
      console.log(`BENCH_DETECTION_JSON ${JSON.stringify(d)}`)
      setTimeout(() => process.exit(0), 1000).unref()
    },
    (error: unknown) => {
      console.error('bench failed:', error instanceof Error ? (error.stack ?? error.message) : error)
      setTimeout(() => process.exit(1), 1000).unref()
    },
  )
}
