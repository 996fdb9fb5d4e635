// `npm run demo`: the newcomer's first look, offline. A real incident (Base, 2023-09-05) replayed on local devnets
// at watchable speed: the live status table, each alert as it reaches Slack, the breaker's "would pause", a summary.
import { formatStatusTable } from '../functions/report/formatStatusTable.js'
import { formatReplayReport } from '../functions/replay/formatReplayReport.js'
import { loadScenario } from '../functions/replay/loadScenario.js'
import { formatDuration } from '../functions/replay/parseDuration.js'
import { runReplay } from '../functions/replay/runReplay.js'
import type { Status } from '../functions/types.js'

const scenarioName = process.argv[2] ?? 'base-2023-09-05'
/** Virtual seconds per second: the 90-minute incident in about a minute. */
const speed = Number(process.env.DEMO_SPEED ?? 100)
const live = process.stdout.isTTY === true
const { scenario } = loadScenario(scenarioName)
const print = (line = '') => process.stdout.write(`${line}\n`)
const truncate = (text: string, width: number) => (text.length > width ? `${text.slice(0, width - 1)}…` : text)
const width = Math.max(80, process.stdout.columns ?? 120)

print(`L2 Watchtower demo — replaying ${scenario.name} on local devnets (offline), ${speed}× real time`)
print(`${scenario.about}`)
if (scenario.source) print(`source: ${scenario.source}`)
print()

const feed: string[] = []
let lastTable = ''
let lastStatuses = ''
const report = await runReplay(scenario, {
  speed,
  log: (line) => print(`… ${line}`),
  onSlackMessage: (text, offset, how) => {
    // An edit of the living incident message shows its new state (it notifies nobody); a post is what wakes people.
    const lines = [`[${formatDuration(offset)}] Slack #watchtower${how === 'updated' ? ' (message updated)' : ''}:`, ...text.split('\n').map((line) => `    ${truncate(line, width - 6)}`)]
    feed.push(...lines)
    if (!live) for (const line of lines) print(line)
  },
  onTick: ({ offset, result, breaker }) => {
    for (const outcome of breaker)
      if (outcome.decision === 'would-pause') {
        const line = `[${formatDuration(offset)}] BREAKER (shadow): would pause — action ${outcome.action}; nothing was sent`
        feed.push(line)
        if (!live) print(line)
      }
    const statuses = result.results.map((verdict) => `${verdict.check}:${verdict.status}`).join(',')
    lastTable = formatStatusTable(result.results.map((verdict) => ({ ...verdict, reason: truncate(verdict.reason, width - 60) })))
    if (live) {
      // Redraw in place: the table on top, the newest Slack messages under it.
      process.stdout.write('\x1b[H\x1b[J')
      print(`${scenario.name}  t = ${formatDuration(offset).padEnd(8)}  worst ${worst(result.results.map((verdict) => verdict.status)).toUpperCase()}`)
      print(lastTable)
      print()
      for (const line of feed.slice(-(Math.max(10, (process.stdout.rows ?? 40) - result.results.length - 6)))) print(line)
    } else if (statuses !== lastStatuses) {
      print(`\n[${formatDuration(offset)}] status`)
      print(lastTable)
      print()
    }
    lastStatuses = statuses
  },
})

print()
for (const line of formatReplayReport(report)) print(line)
print()
print('Next: `npm start` watches the chains of config/mainnet.yaml for real; `watchtower replay --help` lists the commands.')
process.exit(report.ok ? 0 : 1)

function worst(statuses: readonly Status[]): Status {
  for (const status of ['crit', 'unknown', 'warn'] as const) if (statuses.includes(status)) return status
  return 'ok'
}
