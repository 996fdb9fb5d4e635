import { formatSeconds } from '../checks/formatSeconds.js'
import { formatValue } from '../notify/formatValue.js'
import type { Verdict } from '../types.js'

const statusLabel = { ok: 'OK', warn: 'WARN', crit: 'CRIT', unknown: 'UNKNOWN' } as const

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length)
}

/** Compact fixed-width table: one line per chain×check. Pure; the caller prints it. */
export function formatStatusTable(results: readonly Verdict[], extra: (verdict: Verdict) => string = () => ''): string {
  const rows = results.map((v) => [
    v.chain,
    v.check,
    statusLabel[v.status],
    v.value === null ? '-' : v.unit === 's' ? formatSeconds(v.value) : formatValue(v.value, v.unit),
    `${extra(v)}${v.reason}`,
  ])
  const header = ['CHAIN', 'CHECK', 'STATUS', 'VALUE', 'REASON']
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)))
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i === cells.length - 1 ? cell : pad(cell, widths[i]!))).join('  ')
  return [line(header), ...rows.map(line)].join('\n')
}
