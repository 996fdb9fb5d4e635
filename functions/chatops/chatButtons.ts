import type { Announcement, BreakerAnnouncement } from '../alerts/OutboxEntry.js'
import type { CheckName } from '../types.js'

/** A button on an incident or breaker message: its label and the chat command it sends (checked like a typed one). */
export interface ChatButton {
  readonly label: string
  readonly command: string
  readonly style?: 'primary' | 'danger'
}

/** Telegram's callback_data holds at most 64 bytes. */
const telegramDataLimit = 64

/** The breaker actions that may be paused by hand from an incident of `chain`: configured there, watching one of its checks. */
export interface PausableAction {
  readonly name: string
  readonly chain: string
  readonly checks: readonly CheckName[]
}

/**
 * The buttons of a chain's incident message: Ack, Mute 1h, Mute 24h (for the checks shown; the whole chain when
 * several are), and Pause now for each breaker action watching one of those checks. Pure.
 */
export function incidentButtons(chain: string, checks: readonly CheckName[], actions: readonly PausableAction[] = []): ChatButton[] {
  const target = checks.length === 1 ? `${chain} ${checks[0]}` : chain
  const fits = (command: string) => Buffer.byteLength(command) <= telegramDataLimit - 4
  const scoped = (verb: string, suffix = '') => (fits(`${verb} ${target}${suffix}`) ? `${verb} ${target}${suffix}` : `${verb} ${chain}${suffix}`)
  const buttons: ChatButton[] = [
    { label: 'Ack', command: scoped('ack'), style: 'primary' },
    { label: 'Mute 1h', command: scoped('mute', ' 1h') },
    { label: 'Mute 24h', command: scoped('mute', ' 24h') },
  ]
  for (const action of actions)
    if (action.chain === chain && action.checks.some((check) => checks.includes(check)))
      buttons.push({ label: actions.length > 1 ? `Pause now: ${action.name}` : 'Pause now', command: `pause ${action.name}`, style: 'danger' })
  return buttons.filter((button) => Buffer.byteLength(button.command) <= telegramDataLimit)
}

/** The button of a "resuming is safe" announcement. */
export function resumeButton(action: string): ChatButton {
  return { label: `Resume ${action}`, command: `resume ${action}`, style: 'primary' }
}

/** The buttons of a breaker announcement: Resume on "resuming is safe", none on the others. Pure. */
export function announcementButtons(announcement: Announcement): ChatButton[] {
  return 'event' in announcement && announcement.event === 'resume-safe' ? [resumeButton((announcement as BreakerAnnouncement).action)] : []
}

/** Slack Block Kit `actions` block (the button's value is its command; /slack/actions reads it back). */
export function slackActionsBlock(buttons: readonly ChatButton[]): Record<string, unknown> {
  return {
    type: 'actions',
    block_id: 'watchtower_actions',
    elements: buttons.map((button, index) => ({
      type: 'button',
      action_id: `watchtower_${index}_${button.command.split(' ')[0]}`,
      text: { type: 'plain_text', text: button.label },
      value: button.command,
      ...(button.style ? { style: button.style } : {}),
    })),
  }
}

/** Telegram inline keyboard, three buttons a row (callback_data is the command). */
export function telegramKeyboard(buttons: readonly ChatButton[]): { inline_keyboard: { text: string; callback_data: string }[][] } {
  const rows: { text: string; callback_data: string }[][] = []
  buttons.forEach((button, index) => {
    if (index % 3 === 0) rows.push([])
    rows.at(-1)!.push({ text: button.label, callback_data: button.command })
  })
  return { inline_keyboard: rows }
}
