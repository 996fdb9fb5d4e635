/**
 * RPC URLs often carry API keys in their path or query (…/v2/KEY, ?apikey=…), and bot tokens sit in
 * Telegram URLs. Keep scheme and host (operators need to know which endpoint failed), hide the rest.
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    const hasSecretPart = parsed.pathname.replace(/\/+$/, '') !== '' || parsed.search !== '' || parsed.username !== ''
    return `${parsed.protocol}//${parsed.host}${hasSecretPart ? '/***' : ''}`
  } catch {
    return '***'
  }
}

const urlPattern = /\bhttps?:\/\/[^\s"'<>)\]]+/g

/** A URL part that may be a credential: long, or mixing letters and digits (`optimism`, `v2` are not). */
const looksLikeKey = (part: string) => part.length >= 16 || (part.length >= 8 && /\d/.test(part) && /[a-z]/i.test(part))

/**
 * The parts of a URL that may be a key: path segments, query values, user and password. A server can echo
 * them back without the URL around them ("invalid API key abc123…", "no route /v2/abc123…").
 */
export function secretPartsOfUrl(url: string): string[] {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return []
  }
  const parts = [...parsed.pathname.split('/'), ...[...parsed.searchParams.values()], parsed.username, parsed.password]
  const decoded = parts.flatMap((part) => {
    try {
      return [part, decodeURIComponent(part)]
    } catch {
      return [part]
    }
  })
  return [...new Set(decoded.filter(looksLikeKey))]
}

/** Secret parts of every RPC URL the process was configured with (createRpcClient remembers them). */
const rememberedSecrets = new Set<string>()

/** Remembers a configured URL's secret parts so `redactText` scrubs them wherever they turn up. */
export function rememberSecretUrl(url: string): void {
  for (const part of secretPartsOfUrl(url)) rememberedSecrets.add(part)
}

/**
 * Redacts every URL in free text (error messages from viem embed the request URL and body), then every
 * secret part of the remembered URLs and of `urls` wherever it appears on its own.
 */
export function redactText(text: string, urls: readonly string[] = []): string {
  let result = text.replace(urlPattern, (match) => {
    // Sentence punctuation right after a URL is not part of it: keep it after the redacted URL.
    const trailing = /[.,;:]+$/.exec(match)?.[0] ?? ''
    return redactUrl(match.slice(0, match.length - trailing.length)) + trailing
  })
  const secrets = new Set([...rememberedSecrets, ...urls.flatMap(secretPartsOfUrl)])
  // Longest first, so a secret that contains another is removed whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) if (result.includes(secret)) result = result.split(secret).join('***')
  return result
}
