/** `90s`, `15m`, `2h`, `1d`, `1h30m` → seconds; undefined when it is not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text.trim())
  if (!match || text.trim() === '') return undefined
  const [, d = '0', h = '0', m = '0', s = '0'] = match
  const seconds = Number(d) * 86400 + Number(h) * 3600 + Number(m) * 60 + Number(s)
  return seconds > 0 ? seconds : undefined
}
