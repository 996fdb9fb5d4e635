import type { Status } from '../types.js'
import { formatDuration } from './parseDuration.js'
import { inIncident, type IncidentWindow } from './planTicks.js'
import type { CheckExpectation, Expectation, Scenario } from './scenarioSchema.js'

/** What one replay tick saw and did (times are offsets from the scenario start, in seconds). */
export interface TickRecord {
  readonly at: number
  readonly verdicts: readonly { chain: string; check: string; status: Status; value: number | null; threshold: { warn: number; crit: number } }[]
  /** Alerts this tick recorded, with the outbox id their messages carry. */
  readonly alerts: readonly { id: string; chain: string; check: string; kind: string; status: Status }[]
  readonly deliveries: readonly { channel: string; chain: string; ids: readonly string[]; result: string }[]
  readonly breaker: readonly { action: string; decision: string; incident?: string }[]
  /** New messages and replies (not edits) each channel received this tick: an edited living message wakes nobody. */
  readonly posted?: Readonly<Record<string, number>>
}

export interface CheckTiming {
  readonly chain: string
  readonly check: string
  readonly status: Status
  /** When the measured value passed the threshold (interpolated between ticks for age-like values). */
  readonly crossedAt: number
  /** When the first alert at this status (or worse) reached a channel; null: none did. */
  readonly firstAlertAt: number | null
  readonly latency: number | null
}

export interface ExpectationResult {
  readonly expectation: string
  readonly met: boolean
  readonly detail: string
}

export interface Page {
  readonly channel: string
  readonly chain: string
  readonly at: number
  readonly alerts: readonly string[]
}

export interface ReplayReport {
  readonly scenario: string
  readonly about: string
  readonly source?: string
  readonly duration: number
  readonly ok: boolean
  readonly expectations: readonly ExpectationResult[]
  readonly checks: readonly CheckTiming[]
  /** Alert messages (open, escalation, reminder) sent per channel. */
  readonly pages: Readonly<Record<string, number>>
  /** Pages sent outside every incident window. */
  readonly falsePages: readonly Page[]
  readonly breaker: readonly { action: string; decision: string; at: number }[]
  readonly incidents: readonly IncidentWindow[]
  readonly ticks: number
  /** Wall-clock seconds the replay took (devnet start included). */
  readonly wallSeconds: number
}

const rank: Record<Status, number> = { ok: 0, warn: 1, crit: 2, unknown: -1 }
const reaches = (status: Status, wanted: Status) => (wanted === 'unknown' ? status === 'unknown' : rank[status] >= rank[wanted])

/** Pages: sent messages carrying an alert that is not a resolution, posted as a new message or reply (not an edit). */
function pagesOf(ticks: readonly TickRecord[]): Page[] {
  const alerts = new Map(ticks.flatMap((tick) => tick.alerts.map((alert) => [alert.id, alert] as const)))
  return ticks.flatMap((tick) =>
    tick.deliveries
      .filter((delivery) => delivery.result === 'sent' && (tick.posted?.[delivery.channel] ?? 1) > 0)
      .map((delivery) => ({ delivery, paging: delivery.ids.map((id) => alerts.get(id)).filter((alert) => alert && alert.kind !== 'resolve') }))
      .filter(({ paging }) => paging.length > 0)
      .map(({ delivery, paging }) => ({ channel: delivery.channel, chain: delivery.chain, at: tick.at, alerts: paging.map((alert) => `${alert!.check} ${alert!.status}`) })),
  )
}

/** Per chain×check×status reached (warn, crit, unknown): crossing, first alert, latency. */
function checkTimings(ticks: readonly TickRecord[]): CheckTiming[] {
  const alerts = new Map(ticks.flatMap((tick) => tick.alerts.map((alert) => [alert.id, alert] as const)))
  const firstAlert = (chain: string, check: string, status: Status): number | null => {
    for (const tick of ticks)
      for (const delivery of tick.deliveries)
        if (delivery.result === 'sent' && delivery.ids.some((id) => {
          const alert = alerts.get(id)
          return alert && alert.chain === chain && alert.check === check && alert.kind !== 'resolve' && reaches(alert.status, status)
        }))
          return tick.at
    return null
  }
  const timings: CheckTiming[] = []
  const seen = new Set<string>()
  ticks.forEach((tick, i) => {
    for (const verdict of tick.verdicts)
      for (const status of ['warn', 'crit', 'unknown'] as const) {
        const key = `${verdict.chain}#${verdict.check}#${status}`
        if (seen.has(key) || !reaches(verdict.status, status)) continue
        seen.add(key)
        const previousAt = i > 0 ? ticks[i - 1]!.at : tick.at
        const limit = status === 'unknown' ? undefined : verdict.threshold[status]
        // An age grows one second a second: it passed the threshold (value − threshold) s before this tick.
        const crossedAt = verdict.value !== null && limit !== undefined ? Math.max(previousAt, tick.at - Math.max(0, verdict.value - limit)) : tick.at
        const firstAlertAt = firstAlert(verdict.chain, verdict.check, status)
        timings.push({ chain: verdict.chain, check: verdict.check, status, crossedAt, firstAlertAt, latency: firstAlertAt === null ? null : firstAlertAt - crossedAt })
      }
  })
  return timings
}

export function describeExpectation(expectation: Expectation): string {
  if ('pages' in expectation) return `pages at most ${expectation.pages.atMost} per channel`
  if ('falsePages' in expectation) return `false pages at most ${expectation.falsePages.atMost}`
  const where = expectation.chain ? ` on ${expectation.chain}` : ''
  const when = expectation.before !== undefined ? ` before ${formatDuration(expectation.before)}` : expectation.within !== undefined ? ` within ${formatDuration(expectation.within)} of the crossing` : ''
  return `${expectation.check} ${expectation.status}${where} alerted${when}`
}

function judgeCheck(expectation: CheckExpectation, timings: readonly CheckTiming[]): Omit<ExpectationResult, 'expectation'> {
  const matching = timings.filter((t) => t.check === expectation.check && t.status === expectation.status && (!expectation.chain || t.chain === expectation.chain))
  const alerted = matching.filter((t) => t.firstAlertAt !== null).sort((a, b) => a.firstAlertAt! - b.firstAlertAt!)
  const first = alerted[0]
  if (!first) return { met: false, detail: matching.length > 0 ? `reached ${expectation.status} at ${formatDuration(matching[0]!.crossedAt)} but no alert reached a channel` : `never reached ${expectation.status}` }
  const at = `first alert at ${formatDuration(first.firstAlertAt!)}`
  if (expectation.before !== undefined) return { met: first.firstAlertAt! < expectation.before, detail: at }
  if (expectation.within !== undefined) return { met: first.latency! <= expectation.within, detail: `${at}, ${formatDuration(first.latency!)} after the crossing at ${formatDuration(first.crossedAt)}` }
  return { met: true, detail: at }
}

export function buildReplayReport(
  scenario: Scenario,
  { ticks, windows, channels, wallSeconds }: { ticks: readonly TickRecord[]; windows: readonly IncidentWindow[]; channels: readonly string[]; wallSeconds: number },
): ReplayReport {
  const pageList = pagesOf(ticks)
  const pages = Object.fromEntries(channels.map((channel) => [channel, pageList.filter((page) => page.channel === channel).length]))
  const falsePages = pageList.filter((page) => !inIncident(windows.filter((window) => window.chain === page.chain), page.at))
  const checks = checkTimings(ticks)
  const expectations = scenario.expect.map((expectation): ExpectationResult => {
    const text = describeExpectation(expectation)
    if ('pages' in expectation) {
      const most = Math.max(0, ...Object.values(pages))
      return { expectation: text, met: most <= expectation.pages.atMost, detail: Object.entries(pages).map(([channel, count]) => `${channel} ${count}`).join(', ') }
    }
    if ('falsePages' in expectation) return { expectation: text, met: falsePages.length <= expectation.falsePages.atMost, detail: `${falsePages.length}` }
    return { expectation: text, ...judgeCheck(expectation, checks) }
  })
  const breaker = ticks.flatMap((tick) =>
    tick.breaker.filter((outcome) => !['none', 'building', 'unconfirmed'].includes(outcome.decision)).map((outcome) => ({ action: outcome.action, decision: outcome.decision, at: tick.at })),
  )
  return {
    scenario: scenario.name,
    about: scenario.about,
    ...(scenario.source ? { source: scenario.source } : {}),
    duration: scenario.duration,
    ok: expectations.every((result) => result.met),
    expectations,
    checks,
    pages,
    falsePages,
    breaker,
    incidents: windows,
    ticks: ticks.length,
    wallSeconds,
  }
}
