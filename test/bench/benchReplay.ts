// Replay speed (issue 15): a 7-day quiet timeline and a 2-hour incident, wall time against their targets.
import { loadScenario } from '../../functions/replay/loadScenario.js'
import { formatDuration } from '../../functions/replay/parseDuration.js'
import { replayDrivers } from '../../functions/replay/replayDrivers.js'
import { runReplay } from '../../functions/replay/runReplay.js'

export interface ReplayBench {
  readonly scenario: string
  readonly timeline: number
  readonly ticks: number
  readonly wallSeconds: number
  readonly targetSeconds: number
  readonly ok: boolean
}

/** Every stack's quiet week (each stack's driver costs differently), and a 2-hour incident. */
const runs = [
  ...Object.keys(replayDrivers).map((stack) => ({ scenario: `quiet-7d-${stack}`, targetSeconds: 60 })),
  { scenario: 'op-mainnet-2024-02-15', targetSeconds: 20 },
]

/** `keepAlive` is called on every replay tick (the bench's watchdog: a replay that stops ticking is stuck). */
export async function benchReplay(keepAlive: () => void = () => {}): Promise<ReplayBench[]> {
  const results: ReplayBench[] = []
  for (const { scenario: name, targetSeconds } of runs) {
    keepAlive()
    const report = await runReplay(loadScenario(name).scenario, { onTick: keepAlive })
    results.push({ scenario: name, timeline: report.duration, ticks: report.ticks, wallSeconds: Number(report.wallSeconds.toFixed(1)), targetSeconds, ok: report.ok })
  }
  return results
}

export function formatReplayBench(results: readonly ReplayBench[]): string {
  const lines = ['Replay (devnet start included)            timeline  ticks  wall      target']
  for (const r of results)
    lines.push(
      `  ${r.scenario.padEnd(40)} ${formatDuration(r.timeline).padEnd(9)} ${String(r.ticks).padEnd(6)} ${`${r.wallSeconds} s`.padEnd(9)} < ${r.targetSeconds} s ${r.wallSeconds < r.targetSeconds ? 'OK' : 'MISS'}${r.ok ? '' : ' (expectations not all met)'}`,
    )
  return lines.join('\n')
}
