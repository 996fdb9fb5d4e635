/** Base URLs are joined by plain concatenation (Slack) or `new URL('./…', base)` (telegraf): both need the slash. */
export function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`
}
