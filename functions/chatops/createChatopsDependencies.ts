import type { ChannelRoute } from '../alerts/ChannelRoute.js'
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { createBreakerStore } from '../breaker/breakerStore.js'
import type { WatchtowerConfig } from '../config/schema.js'
import type { Store } from '../store/Store.js'
import { createChatopsStore } from './chatopsStore.js'
import type { ChatHttpDependencies } from './handleChatHttp.js'

/** Chat ops' dependencies from the runtime's store and table: the same wiring for `watchtower run` and the chat Lambda. */
export function createChatopsDependencies({
  config,
  store,
  table,
  env = process.env,
  log,
  now = () => Math.floor(Date.now() / 1000),
  channels,
}: {
  config: WatchtowerConfig
  store: Store
  table: { readonly dynamo: DynamoDBDocumentClient; readonly tableName: string }
  env?: Readonly<Record<string, string | undefined>>
  log: (line: string) => void
  now?: () => number
  /** Where acks and mutes are told (the incident messages show them). */
  channels?: readonly ChannelRoute[]
}): ChatHttpDependencies {
  return {
    config,
    store,
    chatops: createChatopsStore(table.dynamo, table.tableName),
    breaker: createBreakerStore(table.dynamo, table.tableName),
    env,
    log,
    now,
    ...(channels ? { channels } : {}),
  }
}
