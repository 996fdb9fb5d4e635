import type { Announcement } from '../alerts/OutboxEntry.js'
import { type StatusChange, worstStatus } from '../types.js'
import { type Channel, DEFAULT_NOTIFY_TIMEOUT_MS } from './Channel.js'
import { describeChange, statusEmoji } from './describeChange.js'
import { postJson } from './postJson.js'

/** Embed side colours by status (Discord wants an integer RGB). */
const colour = { ok: 0x2eb67d, warn: 0xecb22e, crit: 0xe01e5a, unknown: 0x8a8a8a } as const
const announcementColour = { ok: 0x2eb67d, info: 0x3aa3e3, warn: 0xecb22e, crit: 0xe01e5a } as const

/** One embed for one chain's changes: a field per check. The only place Discord messages are laid out. */
export function formatDiscordEmbed(changes: readonly StatusChange[]): Record<string, unknown> {
  const described = changes.map(describeChange)
  const status = worstStatus(changes.map((c) => c.verdict.status))
  const chain = [...new Set(described.map((d) => d.chain))].join(', ')
  const link = changes.find((c) => c.link && /^https?:\/\//.test(c.link))?.link
  return {
    title: `${statusEmoji[status]} ${chain}: ${described.map((d) => d.headline).join(', ')}`.slice(0, 256),
    color: colour[status],
    ...(link ? { url: link } : {}),
    fields: described.slice(0, 25).map((d) => ({
      name: `${d.emoji} ${d.check}: ${d.transition}`.slice(0, 256),
      value: [`Value: ${d.value} (${d.thresholds})`, d.reason, ...d.details].join('\n').slice(0, 1024),
    })),
    timestamp: new Date((changes[0]?.since ?? 0) * 1000).toISOString(),
  }
}

export function formatDiscordAnnouncement(a: Announcement): Record<string, unknown> {
  return {
    title: a.title.slice(0, 256),
    color: announcementColour[a.level],
    description: [...a.lines, ...(a.facts ?? []).map((f) => `${f.label}: \`${f.value}\``), ...(a.links ?? []).map((l) => `[${l.label}](${l.url})`)].join('\n').slice(0, 4096),
  }
}

/**
 * Discord through an incoming webhook: one message with an embed per delivery. A 429's `retry_after` becomes the
 * outbox's wait before the next attempt (no sleeping here). Mentions are off: a reason text cannot ping @everyone.
 */
export function createDiscordChannel(webhookUrl: string, options: { readonly timeoutMs?: number } = {}): Channel {
  const timeoutMs = options.timeoutMs ?? DEFAULT_NOTIFY_TIMEOUT_MS
  const url = `${webhookUrl}${webhookUrl.includes('?') ? '&' : '?'}wait=true`
  const post = (what: string, chain: string | undefined, embed: Record<string, unknown>) =>
    postJson({ channel: 'discord', what, ...(chain ? { chain } : {}), url, body: JSON.stringify({ embeds: [embed], allowed_mentions: { parse: [] } }), timeoutMs, secrets: [webhookUrl] })
  return {
    name: 'discord',
    async send(changes) {
      const chain = changes[0]?.verdict.chain
      if (chain !== undefined) await post(`alert for ${chain}`, chain, formatDiscordEmbed(changes))
      return undefined
    },
    async announce(announcement) {
      await post(`message "${announcement.title}"`, announcement.chain, formatDiscordAnnouncement(announcement))
    },
  }
}
