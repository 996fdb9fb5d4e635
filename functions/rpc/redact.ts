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

/** Characters of a word that may be a key; a key made only of them is found by one pass over the text. */
const wordPattern = /[A-Za-z0-9_~+-]{8,}/g
const isWord = (part: string) => /^[A-Za-z0-9_~+-]+$/.test(part)

/** Secret parts of every RPC URL the process was configured with (createRpcClient remembers them). */
const rememberedWords = new Set<string>()
/** The rare secret part with other characters (`.`, `%`, …): searched for one by one. */
const rememberedOthers = new Set<string>()

/** Remembers a configured URL's secret parts so `redactText` scrubs them wherever they turn up. */
export function rememberSecretUrl(url: string): void {
  for (const part of secretPartsOfUrl(url)) (isWord(part) ? rememberedWords : rememberedOthers).add(part)
}

/** The longest secret part `redactText(…, urls)` would look for: a text cut short can end in at most this much of one. */
export function longestSecretLength(urls: readonly string[] = []): number {
  return Math.max(0, ...[...rememberedWords, ...rememberedOthers, ...urls.flatMap(secretPartsOfUrl)].map((part) => part.length))
}

const scrub = (text: string, secrets: Iterable<string>) => {
  let result = text
  // Longest first, so a secret that contains another is removed whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) if (result.includes(secret)) result = result.split(secret).join('***')
  return result
}

/**
 * Redacts every URL in free text (error messages from viem embed the request URL and body), then the secret
 * parts of `urls` (the failed requests' URLs: a server may echo them anywhere, even inside a longer word) and,
 * as whole words, of every remembered URL. Linear in the text however many URLs are configured: a 500 KB error
 * page from one of 2,000 chains must not cost 2,000 scans.
 */
export function redactText(text: string, urls: readonly string[] = []): string {
  const redacted = text.replace(urlPattern, (match) => {
    // Sentence punctuation right after a URL is not part of it: keep it after the redacted URL.
    const trailing = /[.,;:]+$/.exec(match)?.[0] ?? ''
    return redactUrl(match.slice(0, match.length - trailing.length)) + trailing
  })
  const scrubbed = scrub(redacted, new Set([...urls.flatMap(secretPartsOfUrl), ...rememberedOthers]))
  return rememberedWords.size === 0 ? scrubbed : scrubbed.replace(wordPattern, (word) => (rememberedWords.has(word) ? '***' : word))
}
