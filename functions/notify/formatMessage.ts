import type { KnownBlock } from '@slack/web-api'
import { worstStatus, type StatusChange } from '../types.js'
import { describeChange, formatUtc, statusEmoji, type ChangeDescription } from './describeChange.js'
import { escapeHtml } from './escapeHtml.js'
import type { ShownIncident } from './LivingMessage.js'

export { formatDuration } from './formatDuration.js'

/** Slack rejects header blocks longer than this. */
const SLACK_HEADER_MAX = 150

export interface SlackMessage {
  /** Fallback for notifications, screen readers and clients without Block Kit, e.g. `🚨 op-mainnet liveness CRIT: …`. */
  readonly text: string
  readonly blocks: KnownBlock[]
}

/** What a message shows: status changes, or incidents of a living message with their ack/mute notes. */
export type Shown = StatusChange | ShownIncident

function toShown(item: Shown): ShownIncident {
  return 'verdict' in item ? { change: item } : item
}

/** `Acknowledged by alice`, `Muted until 2024-05-01 14:00 UTC by bob`: what people did, unescaped. */
function notesOf(item: ShownIncident): string[] {
  return [
    ...(item.ackedBy !== undefined ? [`Acknowledged by ${item.ackedBy}`] : []),
    ...(item.mutedUntil !== undefined ? [`Muted until ${formatUtc(item.mutedUntil)}${item.mutedBy ? ` by ${item.mutedBy}` : ''}`] : []),
  ]
}

/**
 * One Block Kit message for one chain: a tick's changes, or a living incident message (every incident it shows,
 * each at its latest step). The only place Slack messages are laid out (buttons go here too).
 */
export function formatSlackMessage(items: readonly Shown[]): SlackMessage {
  const shown = items.map(toShown)
  const changes = shown.map((item) => item.change)
  const described = changes.map(describeChange)
  const { emoji, chain } = heading(changes, described)
  const header = `${emoji} ${chain}: ${described.map((d) => d.headline).join(', ')}`
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(header, SLACK_HEADER_MAX), emoji: true } },
  ]
  for (const [i, d] of described.entries()) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: [
          `${d.emoji} *${escapeHtml(d.check)}*: ${escapeHtml(d.transition)}`,
          `*Value:* ${escapeHtml(d.value)} (${escapeHtml(d.thresholds)})`,
          escapeHtml(d.reason),
          ...notesOf(shown[i]!).map((note) => `_${escapeHtml(note)}_`),
          ...(changeLink(changes, d) ? [`<${changeLink(changes, d)}|Open in explorer>`] : []),
        ].join('\n'),
      },
    })
    // Slack renders <!date^…> in the reader's time zone and falls back to the UTC text.
    const since = `Since <!date^${Math.floor(d.since)}^{date_short_pretty} {time}|${d.sinceUtc}>`
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: [since, ...d.details.map(escapeHtml)].join(' · ') }],
    })
  }
  // `text` is parsed as mrkdwn too, so dynamic parts are escaped here as well.
  const text = `${emoji} ${escapeHtml(chain)} ${described
    .map((d, i) => [`${escapeHtml(d.summary)}: ${escapeHtml(d.reason)}`, ...notesOf(shown[i]!).map((note) => escapeHtml(note.toLowerCase()))].join(', '))
    .join('; ')}`
  return { text, blocks }
}

/** One Telegram message (parse_mode HTML) for one chain: a tick's changes or a living incident message. */
export function formatTelegramMessage(items: readonly Shown[]): string {
  const shown = items.map(toShown)
  const changes = shown.map((item) => item.change)
  const described = changes.map(describeChange)
  const { emoji, chain } = heading(changes, described)
  const lines = [`${emoji} <b>${escapeHtml(chain)}</b>: ${escapeHtml(described.map((d) => d.headline).join(', '))}`]
  for (const [i, d] of described.entries()) {
    lines.push(
      '',
      `${d.emoji} <b>${escapeHtml(d.check)}</b>: ${escapeHtml(d.transition)}`,
      `Value: ${escapeHtml(d.value)} (${escapeHtml(d.thresholds)})`,
      `<i>${escapeHtml(d.reason)}</i>`,
      ...notesOf(shown[i]!).map((note) => `<b>${escapeHtml(note)}</b>`),
      escapeHtml([`since ${d.sinceUtc}`, ...d.details].join(' · ')),
      ...(changeLink(changes, d) ? [`<a href="${escapeHtml(changeLink(changes, d)!)}">Open in explorer</a>`] : []),
    )
  }
  return lines.join('\n')
}

/** Worst new status sets the message's emoji; callers pass one chain, but a mix is named rather than hidden. */
function heading(changes: readonly StatusChange[], described: readonly ChangeDescription[]) {
  const chains = [...new Set(described.map((d) => d.chain))]
  return { emoji: statusEmoji[worstStatus(changes.map((c) => c.verdict.status))], chain: chains.join(', ') }
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

/** The explorer link of the change a description was made from (links are plain http(s) URLs from config). */
function changeLink(changes: readonly StatusChange[], d: ChangeDescription): string | undefined {
  const link = changes.find((c) => c.verdict.chain === d.chain && c.verdict.check === d.check)?.link
  return link && /^https?:\/\/[^\s<>|]+$/.test(link) ? link : undefined
}
