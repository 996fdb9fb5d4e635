import { formatSeconds } from '../checks/formatSeconds.js'
import { parseDuration } from './parseDuration.js'

/** Longer silences belong in the config (remove the chain), not in a mute someone forgets. */
export const maxMuteSeconds = 30 * 86400

/** `mute --for` → seconds, or the one line that says what is wrong with it. */
export function parseMuteDuration(text: string | undefined): { seconds: number } | { error: string } {
  const example = 'e.g. 30m, 2h, 1d, 1h30m'
  if (text === undefined || text.trim() === '') return { error: `--for DURATION is required (${example})` }
  if (/^\d+$/.test(text.trim())) return { error: `--for "${text}" needs a unit: ${text.trim()}m, ${text.trim()}h or ${text.trim()}d` }
  const seconds = parseDuration(text)
  if (seconds === undefined) {
    if (/^(\d+[dhms])+$/.test(text.trim())) return { error: `--for "${text}" must be longer than zero` }
    return { error: `--for "${text}" is not a duration (${example})` }
  }
  if (seconds > maxMuteSeconds) return { error: `--for "${text}" is longer than the longest mute, ${formatSeconds(maxMuteSeconds)}` }
  return { seconds }
}
