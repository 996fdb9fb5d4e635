import { formatSeconds } from '../checks/formatSeconds.js'
import { parseDuration } from './parseDuration.js'

/** Longer silences belong in the config (remove the chain), not in a mute someone forgets. */
export const maxMuteSeconds = 30 * 86400

/**
 * `mute --for` → seconds, or the one line that says what is wrong with it. `label` names the argument in that
 * line: `--for` on the command line, `duration` in a chat command.
 */
export function parseMuteDuration(text: string | undefined, label = '--for'): { seconds: number } | { error: string } {
  const example = 'e.g. 30m, 2h, 1d, 1h30m'
  const quoted = label === '--for' ? `--for "${text}"` : `${label} "${text}"`
  if (text === undefined || text.trim() === '') return { error: `${label === '--for' ? '--for DURATION' : label} is required (${example})` }
  if (/^\d+$/.test(text.trim())) return { error: `${quoted} needs a unit: ${text.trim()}m, ${text.trim()}h or ${text.trim()}d` }
  const seconds = parseDuration(text)
  if (seconds === undefined) {
    if (/^(\d+[dhms])+$/.test(text.trim())) return { error: `${quoted} must be longer than zero` }
    return { error: `${quoted} is not a duration (${example})` }
  }
  if (seconds > maxMuteSeconds) return { error: `${quoted} is longer than the longest mute, ${formatSeconds(maxMuteSeconds)}` }
  return { seconds }
}
