import { formatSeconds } from '../checks/formatSeconds.js'
import { formatValue } from '../notify/formatValue.js'
import { type Status, type Verdict, worstStatus } from '../types.js'

const label: Record<Status, string> = { ok: 'ok', warn: 'WARN', crit: 'CRIT', unknown: 'UNKNOWN' }
const rank: Record<Status, number> = { crit: 0, unknown: 1, warn: 2, ok: 3 }

export interface FormatTickLinesOptions {
  /** Unix seconds of the tick; shown as UTC time of day on every chain line. */
  readonly at: number
  /** Columns to fit (default 120). */
  readonly width?: number
}

/**
 * The `watchtower run` screen: one line per chain with the status of each check, worst first, then the reasons
 * of what is not ok — once per distinct reason, naming every check that gave it; while every RPC fails, only
 * rpc-unavailable's — wrapped to `width`. Pure.
 *
 *   22:47:15 base     CRIT liveness CRIT 25 min · ok: sequencer-lag, state-root-finality, rpc-unavailable
 *   22:47:15 optimism ok   liveness, sequencer-lag, state-root-finality, rpc-unavailable
 *                          ↳ liveness: no new L2 block for 25 min (crit 10 min)
 */
export function formatTickLines(results: readonly Verdict[], { at, width = 120 }: FormatTickLinesOptions): string[] {
  const chains = new Map<string, Verdict[]>()
  for (const verdict of results) chains.set(verdict.chain, [...(chains.get(verdict.chain) ?? []), verdict])
  const time = new Date(at * 1000).toISOString().slice(11, 19)
  const nameWidth = Math.min(20, Math.max(...[...chains.keys()].map((name) => name.length)))
  const worstOf = new Map([...chains].map(([chain, verdicts]) => [chain, worstStatus(verdicts.map((v) => v.status))]))
  const statusWidth = Math.max(...[...worstOf.values()].map((status) => label[status].length))
  const lines: string[] = []
  for (const [chain, verdicts] of chains) {
    const worst = worstOf.get(chain)!
    const prefix = `${time} ${fit(chain, nameWidth).padEnd(nameWidth)} ${label[worst].padEnd(statusWidth)} `
    const bad = verdicts.filter((v) => v.status !== 'ok').sort((a, b) => rank[a.status] - rank[b.status])
    const segments = bad.map((v) => `${v.check} ${label[v.status]}${v.value === null ? '' : ` ${v.unit === 's' ? formatSeconds(v.value) : formatValue(v.value, v.unit)}`}`)
    let line = prefix + segments.join(' · ')
    const ok = verdicts.filter((v) => v.status === 'ok').map((v) => v.check)
    if (ok.length > 0) {
      // All ok: the status column already says so.
      const lead = segments.length > 0 ? ' · ok: ' : ''
      const shown: string[] = []
      for (const [i, name] of ok.entries()) {
        const rest = ok.length - i - 1
        const candidate = lead + [...shown, name].join(', ') + (rest > 0 ? ` +${rest} ok` : '')
        if ((line + candidate).length > width) break
        shown.push(name)
      }
      const hidden = ok.length - shown.length
      line += shown.length > 0 ? lead + shown.join(', ') + (hidden > 0 ? ` +${hidden} ok` : '') : `${segments.length > 0 ? ' · ' : ''}${ok.length} ok`
    }
    lines.push(fit(line, width))
    const indent = ' '.repeat(Math.min(prefix.length, 40))
    // With every RPC down, the other checks' unknowns only repeat rpc-unavailable's reason (as in the alert engine).
    const blind = bad.some((v) => v.check === 'rpc-unavailable')
    const reasons = new Map<string, string[]>()
    for (const verdict of bad)
      if (!(blind && verdict.status === 'unknown' && verdict.check !== 'rpc-unavailable'))
        reasons.set(verdict.reason, [...(reasons.get(verdict.reason) ?? []), verdict.check])
    for (const [reason, checks] of reasons) lines.push(...wrap(`↳ ${checks.join(', ')}: ${reason}`, indent, width))
  }
  return lines
}

function fit(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`
}

/** Word-wraps `text` behind `indent`; continuation lines are indented two more. */
function wrap(text: string, indent: string, width: number): string[] {
  const lines: string[] = []
  let current = indent
  let lead = indent
  for (const word of text.split(' ')) {
    if (current.length > lead.length && current.length + 1 + word.length > width) {
      lines.push(current)
      lead = `${indent}  `
      current = lead
    }
    current += current.length > lead.length ? ` ${word}` : word
    while (current.length > width) {
      lines.push(current.slice(0, width))
      current = lead + current.slice(width)
    }
  }
  if (current.length > lead.length) lines.push(current)
  return lines
}
