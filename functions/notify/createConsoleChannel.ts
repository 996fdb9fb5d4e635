import type { StatusChange } from '../types.js'
import { formatDuration } from './formatDuration.js'
import { formatValue } from './formatValue.js'
import type { Channel } from './Channel.js'
import { NotifyError } from './NotifyError.js'

/**
 * Logs one line per change, e.g. `op-mainnet liveness ok→crit value=2820s (47 min): no new block for 47 min`.
 * Always on by default so a deployment without chat tokens still leaves a trail in the logs.
 */
export function createConsoleChannel(write: (line: string) => void = console.log): Channel {
  return {
    name: 'console',
    async send(changes: readonly StatusChange[]): Promise<undefined> {
      try {
        for (const change of changes) write(formatLine(change))
      } catch (error) {
        throw new NotifyError('console', 'Writing the alert to the log failed', {
          ...(changes[0] && { chain: changes[0].verdict.chain }),
          cause: error,
        })
      }
    },
  }
}

function formatLine({ verdict, previous, kind, by }: StatusChange): string {
  // Raw seconds keep the line greppable; the human form is for people tailing logs.
  const value =
    verdict.value === null
      ? 'value=n/a'
      : verdict.unit === 's'
        ? `value=${verdict.value}s (${formatDuration(verdict.value)})`
        : `value=${verdict.value} (${formatValue(verdict.value, verdict.unit)})`
  const done = kind === 'ack' ? ' acknowledged' : kind === 'mute' ? ' muted' : ''
  return `${verdict.chain} ${verdict.check} ${previous}→${verdict.status}${done}${done && by ? ` by ${by}` : ''} ${value}: ${verdict.reason}`
}
