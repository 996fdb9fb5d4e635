/** Tags the Bot API accepts in parse_mode HTML. */
const ALLOWED_TAGS = new Set([
  'b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'span', 'tg-spoiler', 'a', 'tg-emoji', 'code', 'pre', 'blockquote',
])

/**
 * Validates text as Telegram's HTML parse mode does, strictly: only supported tags, properly nested, and every
 * `<`, `>` and `&` outside a tag written as an entity. Returns the Bot API's error description, or undefined.
 */
export function checkTelegramHtml(text: string): string | undefined {
  const open: string[] = []
  for (const match of text.matchAll(/<[^<>]*>|<|>|&[^;\s&<>]*;?/g)) {
    const token = match[0]
    const offset = match.index
    if (token.startsWith('&')) {
      if (!/^&(lt|gt|amp|quot|#\d+|#x[0-9a-f]+);$/i.test(token))
        return `Bad Request: can't parse entities: Unsupported HTML entity at byte offset ${offset}`
      continue
    }
    const tag = /^<(\/?)([a-z][a-z-]*)(\s[^>]*)?>$/i.exec(token)
    if (!tag?.[2]) return `Bad Request: can't parse entities: Unsupported start tag at byte offset ${offset}`
    const name = tag[2].toLowerCase()
    if (!ALLOWED_TAGS.has(name))
      return `Bad Request: can't parse entities: Unsupported start tag "${name}" at byte offset ${offset}`
    if (tag[1]) {
      if (open.pop() !== name)
        return `Bad Request: can't parse entities: Unmatched end tag at byte offset ${offset}, expected "</${open.at(-1) ?? ''}>", found "</${name}>"`
    } else open.push(name)
  }
  if (open.length > 0) return `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "${open.at(-1)}"`
  return undefined
}

/** The plain text Telegram stores for an HTML message: tags dropped, entities decoded. */
export function stripTelegramHtml(text: string): string {
  return text
    .replace(/<[^<>]*>/g, '')
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
}
