import type { Notifier } from '../notify/Notifier.js'
import type { Status, StatusChange } from '../types.js'

/** A chat channel and what it receives (`notify.<channel>.severities` / `.chains`). */
export interface ChannelRoute {
  readonly notifier: Notifier
  readonly severities?: readonly Status[]
  readonly chains?: readonly string[]
}

/** A resolved message goes wherever its incident's severity went, so no channel hears only half a story. */
export function routes(route: ChannelRoute, alert: StatusChange): boolean {
  const severity = alert.kind === 'resolve' ? alert.previous : alert.verdict.status
  return (!route.chains || route.chains.includes(alert.verdict.chain)) && (!route.severities || route.severities.includes(severity))
}
