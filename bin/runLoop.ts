import { formatTickLines } from '../functions/report/formatTickLines.js'
import type { Runtime } from '../functions/runtime/createRuntime.js'
import { nextPollAt, type PollSchedule, startPollSchedule, takeDuePoll, withPlannedReads } from '../functions/schedule/pollSchedule.js'
import type { TickOptions, TickResult } from '../functions/tick.js'

/** The loop's time: the system clock by default; the bench and tests pass a virtual one. */
export interface LoopClock {
  /** Epoch milliseconds. */
  now(): number
  sleep(ms: number): Promise<void>
}

export interface RunLoopOptions {
  /** Seconds between regular polls of every chain. */
  readonly interval: number
  /** One JSON object per tick on stdout instead of the screen. */
  readonly json: boolean
  readonly configPath: string
  /** Line writers (stdout / stderr). */
  readonly out: (line: string) => void
  readonly err: (line: string) => void
  /** Writes one tick as JSON (the same shape as `check --once --json`). */
  readonly printJson: (result: TickResult) => void
  /** Resolves when the loop must stop (signal, closed stdout); the reason is logged. */
  readonly stopped: Promise<string>
  readonly clock?: LoopClock
  /** The tick (default runTick with the loop's clock); the bench wraps it to time the polls. */
  readonly tick?: (runtime: Runtime, options: TickOptions) => Promise<TickResult>
}

/** A tick this close to done when a stop arrives may finish and record its alerts; then the store closes. */
const stopGraceMs = 1000

const systemLoopClock: LoopClock = {
  now: Date.now,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref()),
}

/**
 * `watchtower run`: read every chain every `interval` seconds, and single chains earlier where the last tick
 * asked for it (a check's deadline, a confirming read: functions/schedule/), until stopped; resolves with the exit code (0).
 */
export async function runLoop(runtime: Runtime, options: RunLoopOptions): Promise<number> {
  const { interval, json, configPath, out, err, printJson, stopped, clock = systemLoopClock } = options
  const { runTick } = await import('../functions/tick.js')
  const tick = options.tick ?? ((rt: Runtime, tickOptions: TickOptions) => runTick({ ...rt, clock: () => Math.floor(clock.now() / 1000) }, tickOptions))
  err(`watching ${runtime.config.chains.map((c) => c.name).join(', ')} every ${interval} s, earlier at a check's deadline (config ${configPath}); Ctrl-C to stop`)
  let stopping = false
  void stopped.then((reason) => {
    stopping = true
    err(`stopping (${reason})`)
  })
  let schedule: PollSchedule = startPollSchedule(clock.now(), interval * 1000)
  while (!stopping) {
    const wait = nextPollAt(schedule) - clock.now()
    if (wait > 0) await Promise.race([stopped, clock.sleep(wait)])
    if (stopping) break
    const { poll, schedule: next } = takeDuePoll(schedule, clock.now())
    schedule = next
    if (!poll.regular && poll.chains!.length === 0) continue
    const chains = poll.regular ? undefined : poll.chains
    let planned: TickResult['reads'] = []
    const ticking = tick(runtime, chains ? { chains } : {}).then(
      (result) => {
        planned = result.reads
        if (!stopping) print(result)
      },
      // A failing store or bug must be loud, but the loop keeps watching.
      (error: unknown) => (stopping ? undefined : err(`${time()} ! tick failed: ${error instanceof Error ? error.message : String(error)}`)),
    )
    if ((await Promise.race([ticking.then(() => 'done'), stopped])) !== 'done') {
      await Promise.race([ticking, new Promise((resolve) => setTimeout(resolve, stopGraceMs).unref())])
      break
    }
    schedule = withPlannedReads(schedule, chains, planned)
  }
  return 0

  function print(result: TickResult): void {
    if (json) printJson(result)
    else for (const line of formatTickLines(result.results, { at: result.at })) out(line)
    for (const delivery of result.deliveries) if (delivery.result !== 'sent') err(`${time()} ! ${delivery.channel}: ${delivery.error}`)
  }
}

/** UTC timestamp for log lines. */
export function time(at = Date.now()): string {
  return new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z')
}
