/**
 * Text from outside (an RPC's HTML error page, a chat API's error description) has no length limit; every
 * reason, log line and stored value we make from it has one. Cuts at a character boundary and says so with "…".
 */
export function truncateText(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text
  let end = Math.max(0, maxLength - 1)
  // Never leave half a surrogate pair behind.
  const last = text.charCodeAt(end - 1)
  if (last >= 0xd800 && last <= 0xdbff) end -= 1
  return `${text.slice(0, end)}…`
}

/** Longest error description kept from an RPC or chat API (one readable line, far below any store limit). */
export const maxErrorTextLength = 300
