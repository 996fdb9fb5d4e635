import type { ReplayReport } from './buildReplayReport.js'
import { formatDuration } from './parseDuration.js'

const pad = (text: string, width: number) => text.padEnd(width)

const decisionText: Record<string, string> = { 'would-pause': 'would pause', resolved: 'resolved', relapsed: 'relapsed', 'resume-safe': 'resume safe', error: 'error' }

/** The replay report as a person reads it: expectations, check timings, pages, breaker decisions, the verdict. */
export function formatReplayReport(report: ReplayReport): string[] {
  const lines = [`${report.scenario}: ${report.about}`]
  if (report.source) lines.push(`source: ${report.source}`)
  lines.push(`replayed ${formatDuration(report.duration)} of timeline in ${report.wallSeconds.toFixed(1)} s (${report.ticks} ticks)`, '')

  lines.push('Expectations')
  const width = Math.max(0, ...report.expectations.map((result) => result.expectation.length))
  for (const result of report.expectations) lines.push(`  ${result.met ? '✓' : '✗'} ${pad(result.expectation, width)}  ${result.detail}`)
  if (report.expectations.length === 0) lines.push('  (none)')

  lines.push('', 'Checks (threshold crossed → first alert on a channel)')
  const rows = report.checks.map((timing) => [
    `${timing.chain} ${timing.check}`,
    timing.status.toUpperCase(),
    formatDuration(timing.crossedAt),
    timing.firstAlertAt === null ? '—' : formatDuration(timing.firstAlertAt),
    timing.latency === null ? 'no alert' : formatDuration(timing.latency),
  ])
  const header = ['check', 'status', 'crossed', 'first alert', 'latency']
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)))
  if (rows.length === 0) lines.push('  every check stayed OK')
  else for (const row of [header, ...rows]) lines.push(`  ${row.map((cell, i) => pad(cell, widths[i]!)).join('  ')}`.trimEnd())

  lines.push('', `Pages: ${Object.entries(report.pages).map(([channel, count]) => `${channel} ${count}`).join(', ') || 'no channel'}; false pages (outside any incident): ${report.falsePages.length}`)
  for (const page of report.falsePages) lines.push(`  false page at ${formatDuration(page.at)} on ${page.channel}: ${page.chain} ${page.alerts.join(', ')}`)
  lines.push(
    report.breaker.length === 0
      ? 'Breaker (shadow): no decision'
      : `Breaker (shadow): ${report.breaker.map((entry) => `${entry.action} ${decisionText[entry.decision] ?? entry.decision} at ${formatDuration(entry.at)}`).join('; ')}`,
  )
  const unmet = report.expectations.filter((result) => !result.met).length
  lines.push('', report.ok ? `PASS: every expectation met (${report.expectations.length})` : `FAIL: ${unmet} of ${report.expectations.length} expectations not met`)
  return lines
}
