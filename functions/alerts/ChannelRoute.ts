import type { Channel } from '../notify/Channel.js'
import type { Status, StatusChange } from '../types.js'
import type { OutboxMessage } from './OutboxEntry.js'

/** A channel and what it receives (`notify.<channel>.severities` / `.chains`). */
export interface ChannelRoute {
  readonly channel: Channel
  readonly severities?: readonly Status[]
  readonly chains?: readonly string[]
}

/** A resolved message goes wherever its incident's severity went, so no channel hears only half a story. */
export function routes(route: ChannelRoute, alert: StatusChange): boolean {
  const severity = alert.kind === 'resolve' ? alert.previous : alert.verdict.status
  return (!route.chains || route.chains.includes(alert.verdict.chain)) && (!route.severities || route.severities.includes(severity))
}

/**
 * Which channels hear a message: alerts by chain and severity; breaker announcements by chain only (a pause is
 * news on every channel that follows the chain); the watcher's own health on every channel.
 */
export function routesMessage(route: ChannelRoute, message: OutboxMessage): boolean {
  switch (message.kind) {
    case 'alert':
      return routes(route, message.change)
    case 'breaker': {
      const chain = message.announcement.chain
      return route.channel.announce !== undefined && (!route.chains || chain === undefined || route.chains.includes(chain))
    }
    case 'health':
      return route.channel.announce !== undefined
  }
}
