const MINUTE = 60
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/**
 * Human duration with at most two units: `12 s`, `47 min`, `2 h 5 min`, `3 d 4 h`.
 *
 * Rounds down, so a value never looks worse than it was measured (59.9 s is `59 s`, not `1 min`). Negative
 * values keep their sign: a block "from the future" means clock skew, which people should see.
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'n/a'
  if (seconds < 0) return `-${formatDuration(-seconds)}`
  const total = Math.floor(seconds)
  if (total < MINUTE) return `${total} s`
  if (total < HOUR) return `${Math.floor(total / MINUTE)} min`
  if (total < DAY) return withMinor(Math.floor(total / HOUR), 'h', Math.floor((total % HOUR) / MINUTE), 'min')
  return withMinor(Math.floor(total / DAY), 'd', Math.floor((total % DAY) / HOUR), 'h')
}

function withMinor(major: number, majorUnit: string, minor: number, minorUnit: string): string {
  return minor === 0 ? `${major} ${majorUnit}` : `${major} ${majorUnit} ${minor} ${minorUnit}`
}
