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

/** Redacts every URL in free text (error messages from viem embed the request URL and body). */
export function redactText(text: string): string {
  return text.replace(urlPattern, (match) => {
    // Sentence punctuation right after a URL is not part of it: keep it after the redacted URL.
    const trailing = /[.,;:]+$/.exec(match)?.[0] ?? ''
    return redactUrl(match.slice(0, match.length - trailing.length)) + trailing
  })
}
