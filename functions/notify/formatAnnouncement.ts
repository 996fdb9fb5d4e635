import type { KnownBlock } from '@slack/web-api'
import type { Announcement, AnnouncementLevel, HealthAlarm, OutboxEntry } from '../alerts/OutboxEntry.js'
import { escapeHtml } from './escapeHtml.js'

/**
 * Messages that are not status changes (outbox kinds `breaker` and `health`), laid out per channel: a title,
 * plain-text lines, labelled values as code, links.
 */

const levelEmoji: Readonly<Record<AnnouncementLevel, string>> = { crit: '🛑', warn: '⚠️', info: 'ℹ️', ok: '✅' }
const SLACK_HEADER_MAX = 150

/** The announcement an outbox entry of kind `breaker` or `health` carries; undefined for alerts. */
export function announcementOf(entry: OutboxEntry): Announcement | undefined {
  if (entry.kind === 'breaker') return entry.announcement
  if (entry.kind === 'health') return healthAnnouncement(entry.alarm)
  return undefined
}

/** `Watchtower itself is unhealthy: <alarm name> <state> <reason>`, plus what the alarm means and where. */
export function healthHeadline(alarm: HealthAlarm): string {
  return alarm.state === 'OK'
    ? `Watchtower is healthy again: ${alarm.alarmName} OK ${alarm.reason}`
    : `Watchtower itself is unhealthy: ${alarm.alarmName} ${alarm.state} ${alarm.reason}`
}

export function healthAnnouncement(alarm: HealthAlarm): Announcement {
  const where = [alarm.stage && `stage ${alarm.stage}`, alarm.region, alarm.changedAt && `at ${alarm.changedAt}`].filter(Boolean).join(', ')
  return {
    level: alarm.state === 'OK' ? 'ok' : alarm.state === 'ALARM' ? 'crit' : 'warn',
    title: healthHeadline(alarm),
    lines: [alarm.description, where && `(${where})`].filter((line): line is string => Boolean(line)),
  }
}

export function formatSlackAnnouncement(a: Announcement): { text: string; blocks: KnownBlock[] } {
  const emoji = levelEmoji[a.level]
  const header = `${emoji} ${a.title}`
  const body = [
    ...a.lines.map(escapeHtml),
    ...(a.facts ?? []).map((fact) => `*${escapeHtml(fact.label)}:* \`${escapeHtml(fact.value)}\``),
  ].join('\n')
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: clip(header, SLACK_HEADER_MAX), emoji: true } }]
  if (body) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: clip(body, 2900) } })
  if (a.links?.length)
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: a.links.map((link) => `<${link.url}|${escapeHtml(link.label)}>`).join(' · ') }] })
  const facts = (a.facts ?? []).map((fact) => `${fact.label} ${fact.value}`)
  const text = escapeHtml([`${emoji} ${a.title}`, ...a.lines.slice(0, 1), ...facts].join(' · '))
  return { text, blocks }
}

export function formatTelegramAnnouncement(a: Announcement): string {
  const lines = [`${levelEmoji[a.level]} <b>${escapeHtml(a.title)}</b>`]
  for (const line of a.lines) lines.push(escapeHtml(line))
  for (const fact of a.facts ?? []) lines.push(`${escapeHtml(fact.label)}: <code>${escapeHtml(fact.value)}</code>`)
  if (a.links?.length) lines.push(a.links.map((link) => `<a href="${escapeAttribute(link.url)}">${escapeHtml(link.label)}</a>`).join(' · '))
  return clip(lines.join('\n'), 4000)
}

/** One log line: `breaker: Breaker PAUSED: … | line | tx=0x…`. */
export function formatConsoleAnnouncement(a: Announcement, prefix = 'breaker'): string {
  const facts = (a.facts ?? []).map((fact) => `${fact.label}=${fact.value}`)
  return [`${prefix}: ${a.title}`, ...a.lines, ...facts, ...(a.links ?? []).map((link) => link.url)].join(' | ')
}

function escapeAttribute(text: string): string {
  return escapeHtml(text).replace(/"/g, '&quot;')
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}
