/** `90m`, `20s`, `1h30m`, `7d`, or a plain number of seconds → seconds; undefined when it is none of those. */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined
  if (typeof value !== 'string') return undefined
  const text = value.trim()
  if (!/^(\d+(\.\d+)?[dhms])+$/.test(text)) return /^\d+(\.\d+)?$/.test(text) ? Number(text) : undefined
  const unit = { d: 86400, h: 3600, m: 60, s: 1 } as const
  let seconds = 0
  for (const [, amount, , which] of text.matchAll(/(\d+(\.\d+)?)([dhms])/g)) seconds += Number(amount) * unit[which as keyof typeof unit]
  return seconds
}

/** Seconds as the scenario files write them: `31m20s`, `2h`, `45s`. */
export function formatDuration(seconds: number): string {
  const sign = seconds < 0 ? '-' : ''
  let left = Math.round(Math.abs(seconds))
  const parts: string[] = []
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['m', 60]] as const) {
    if (left >= size) {
      parts.push(`${Math.floor(left / size)}${unit}`)
      left %= size
    }
  }
  if (left > 0 || parts.length === 0) parts.push(`${left}s`)
  return sign + parts.join('')
}
