import type { Scenario, ScenarioEvent } from './scenarioSchema.js'

/** Events that start trouble, and the event that ends each (none: it lasts to the end of the scenario). */
const endedBy: Partial<Record<ScenarioEvent['do'], ScenarioEvent['do']>> = {
  'head-halt': 'head-resume',
  'batches-stop': 'batches-resume',
  'roots-stop': 'roots-resume',
  'rpc-stuck': 'rpc-recover',
  'rpc-down': 'rpc-recover',
  'rpc-future': 'rpc-recover',
  'l1-origin-freeze': 'l1-origin-resume',
  'deposit-stuck': 'deposit-resume',
  'empty-blocks': 'empty-blocks-end',
}
const endings = new Set(Object.values(endedBy))

/** After the trouble ends, alerts still belong to it this long (confirmations, resolution, reminders in flight). */
export const incidentGraceSeconds = 30 * 60
/** Dense ticking starts this long before an event, and lasts this long after the event that ends it. */
const leadSeconds = 60
const denseAfterSeconds = 5 * 60

export interface IncidentWindow {
  readonly chain: string
  readonly from: number
  /** Pages until then belong to the incident (the end event + incidentGraceSeconds, else the scenario's end). */
  readonly to: number
  /** When the trouble ended (the end event), if it did. */
  readonly endedAt?: number
  readonly events: readonly string[]
}

/**
 * Incident windows (offsets from the scenario start): each troubling event to the event that ends it (same chain
 * and, for RPC events, same index) plus a grace period; events without an end last to the scenario's end.
 */
export function incidentWindows(scenario: Pick<Scenario, 'events' | 'duration'>): IncidentWindow[] {
  const windows: IncidentWindow[] = []
  scenario.events.forEach((event, i) => {
    if (endings.has(event.do)) return
    const end = endedBy[event.do]
    const closing = end
      ? scenario.events.slice(i + 1).find((later) => later.chain === event.chain && later.do === end && (!('index' in event) || ('index' in later && later.index === event.index)))
      : undefined
    windows.push({
      chain: event.chain,
      from: event.at,
      to: closing ? Math.min(scenario.duration, closing.at + incidentGraceSeconds) : scenario.duration,
      ...(closing ? { endedAt: closing.at } : {}),
      events: closing ? [event.do, closing.do] : [event.do],
    })
  })
  return windows
}

/** The stretches ticked at the poll interval: each window whole, or with `denseFor` its first and last minutes. */
function denseStretches(scenario: Pick<Scenario, 'events' | 'duration' | 'denseFor'>): (readonly [number, number])[] {
  return incidentWindows(scenario).flatMap((window) => {
    const from = Math.max(0, window.from - leadSeconds)
    const to = window.endedAt !== undefined ? window.endedAt + denseAfterSeconds : window.to
    if (scenario.denseFor === undefined || to - from <= scenario.denseFor + leadSeconds + denseAfterSeconds) return [[from, to] as const]
    const start = [from, window.from + scenario.denseFor] as const
    return window.endedAt !== undefined ? [start, [window.endedAt - leadSeconds, to] as const] : [start]
  })
}

/**
 * Tick times (offsets): every `pollInterval` inside incident windows (from a minute before; with `denseFor`, only
 * that long after the trouble starts and around its end), every `tickEvery` elsewhere, always on the last second.
 */
export function planTicks(scenario: Pick<Scenario, 'events' | 'duration' | 'tickEvery' | 'denseFor'>, pollInterval: number): number[] {
  const sparse = scenario.tickEvery ?? pollInterval
  const dense = denseStretches(scenario)
  const inDense = (t: number) => dense.some(([from, to]) => t >= from && t <= to)
  const ticks: number[] = []
  let t = 0
  while (t <= scenario.duration) {
    ticks.push(t)
    const step = inDense(t) ? pollInterval : sparse
    // A sparse step never jumps over the start of a dense stretch.
    const nextDense = dense.map(([from]) => from).filter((from) => from > t).sort((a, b) => a - b)[0]
    t = nextDense !== undefined && nextDense < t + step ? nextDense : t + step
  }
  if (ticks.at(-1) !== scenario.duration) ticks.push(scenario.duration)
  return ticks
}

/** Whether an offset lies in one of the windows. */
export function inIncident(windows: readonly IncidentWindow[], t: number): boolean {
  return windows.some((window) => t >= window.from && t <= window.to)
}
