import type { ChannelRoute } from '../alerts/ChannelRoute.js'
import type { WatchtowerConfig } from '../config/schema.js'
import { NotifyError } from './NotifyError.js'

const channelNames = ['slack', 'telegram', 'pagerduty', 'discord', 'webhook'] as const

/**
 * The configured channels with their routing (`severities`, `chains`) but no client: for a process that queues
 * messages in the outbox without holding the channels' secrets (the chat Lambda). The tick function, which holds
 * them, delivers the entries on its next poll; sending through one of these fails loudly instead.
 */
export function routingOnlyChannels(notify: WatchtowerConfig['notify']): ChannelRoute[] {
  return channelNames.flatMap((name) => {
    const route = notify?.[name]
    if (!route) return []
    const channel = {
      name,
      send: () => Promise.reject(new NotifyError(name, 'this process only queues messages; the tick function delivers them', { apiError: 'routing_only' })),
    }
    return [{ channel, ...(route.severities ? { severities: route.severities } : {}), ...(route.chains ? { chains: route.chains } : {}) }]
  })
}
