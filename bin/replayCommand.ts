import { WatchtowerError } from '../functions/errors/WatchtowerError.js'
import { loadScenario } from '../functions/replay/loadScenario.js'
import { ScenarioError } from '../functions/replay/loadScenario.js'
import { replayProblems } from '../functions/replay/replayProblems.js'

export interface ReplayCommandOptions {
  readonly json: boolean
  readonly speed?: string
  readonly out: (line: string) => void
  readonly err: (line: string) => void
}

/** `watchtower replay SCENARIO [--json] [--speed N]`: 0 when every expectation holds, 1 when one does not. */
export async function runReplayCommand(target: string, { json, speed, out, err }: ReplayCommandOptions): Promise<number> {
  const virtualPerSecond = speed === undefined ? undefined : /^\d+(\.\d+)?$/.test(speed.trim()) ? Number(speed) : Number.NaN
  if (virtualPerSecond !== undefined && !(virtualPerSecond > 0)) throw new ReplayUsageError(`--speed must be a positive number (virtual seconds per second), got "${speed}"`)
  // Every problem of the file, before any devnet starts.
  const { scenario } = loadScenario(target)
  const problems = replayProblems(scenario)
  if (problems.length > 0) throw new ScenarioError(target, problems)
  const { runReplay } = await import('../functions/replay/runReplay.js')
  const { formatReplayReport } = await import('../functions/replay/formatReplayReport.js')
  const report = await runReplay(scenario, { ...(virtualPerSecond ? { speed: virtualPerSecond } : {}), log: (line) => err(line) })
  if (json) out(JSON.stringify(report))
  else for (const line of formatReplayReport(report)) out(line)
  return report.ok ? 0 : 1
}

export class ReplayUsageError extends WatchtowerError {
  override name = 'ReplayUsageError'
}
