import { formatTickLines } from '../functions/report/formatTickLines.js'
import type { Runtime } from '../functions/runtime/createRuntime.js'
import type { TickResult } from '../functions/tick.js'

export interface RunLoopOptions {
  /** Seconds between tick starts. */
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
}

/** A tick this close to done when a stop arrives may finish and record its alerts; then the store closes. */
const stopGraceMs = 1000

/** `watchtower run`: tick every `interval` seconds until stopped; resolves with the exit code (0). */
export async function runLoop(runtime: Runtime, { interval, json, configPath, out, err, printJson, stopped }: RunLoopOptions): Promise<number> {
  const { runTick } = await import('../functions/tick.js')
  err(`watching ${runtime.config.chains.map((c) => c.name).join(', ')} every ${interval} s (config ${configPath}); Ctrl-C to stop`)
  let stopping = false
  void stopped.then((reason) => {
    stopping = true
    err(`stopping (${reason})`)
  })
  while (!stopping) {
    const started = Date.now()
    const tick = runTick(runtime).then(
      (result) => (stopping ? undefined : print(result)),
      // A failing store or bug must be loud, but the loop keeps watching.
      (error: unknown) => (stopping ? undefined : err(`${time()} ! tick failed: ${error instanceof Error ? error.message : String(error)}`)),
    )
    if ((await Promise.race([tick.then(() => 'done'), stopped])) !== 'done') {
      await Promise.race([tick, new Promise((resolve) => setTimeout(resolve, stopGraceMs).unref())])
      break
    }
    const wait = Math.max(0, interval * 1000 - (Date.now() - started))
    await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, wait).unref())])
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
