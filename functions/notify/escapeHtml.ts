/**
 * Escapes `&`, `<` and `>`: exactly what Telegram's HTML parse mode requires outside tags, and also what
 * Slack mrkdwn requires (it reads `<…>` as links and mentions), so one function serves both channels.
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}
