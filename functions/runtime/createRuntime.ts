import { createAdapter } from '../chains/createAdapter.js'
import { createCursorStore } from '../chains/createCursorStore.js'
import type { ChainAdapter } from '../chains/ChainAdapter.js'
import type { WatchtowerConfig } from '../config/schema.js'
import type { ChannelRoute } from '../alerts/ChannelRoute.js'
import { createOutbox } from '../alerts/createOutbox.js'
import { buildChannels } from '../notify/buildChannels.js'
import { incidentButtons } from '../chatops/chatButtons.js'
import type { CheckName } from '../types.js'
import type { Channel } from '../notify/Channel.js'
import { createDynamoStore } from '../store/createDynamoStore.js'
import { localTableName, openEmbeddedTable } from '../store/openEmbeddedTable.js'
import type { StartEmbeddedDynamoParameters } from '../store/startEmbeddedDynamo.js'
import type { Store } from '../store/Store.js'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { createBreaker } from '../breaker/createBreaker.js'
import type { BreakerOutcome } from '../breaker/types.js'
import type { TickDependencies } from '../tick.js'

export interface Runtime {
  readonly config: WatchtowerConfig
  readonly adapters: readonly ChainAdapter[]
  readonly store: Store
  /** Chat channels with their routing, fed through the outbox. */
  readonly channels: readonly ChannelRoute[]
  /** The local log of alerts (always on unless disabled). */
  readonly console?: Channel
  /** Configuration problems that do not stop the watcher (e.g. a chat token env var not set). */
  readonly problems: readonly string[]
  /** The single table, for parts keeping their own partitions in it (breaker, chat ops). */
  readonly table: { readonly dynamo: DynamoDBDocumentClient; readonly tableName: string }
  /** The circuit breaker's hook, when `breaker.mode` is shadow or armed. */
  readonly afterTick?: TickDependencies['afterTick']
  close(): Promise<void>
}

export type StoreLocation =
  /** AWS: the table the CDK stack created. */
  | { readonly kind: 'table'; readonly tableName: string; readonly endpoint?: string }
  /** Local: an embedded dynalite server, persisted under stateDir (or in memory without one), or the one of the process that owns stateDir. */
  | ({ readonly kind: 'embedded' } & Pick<StartEmbeddedDynamoParameters, 'stateDir' | 'exclusive' | 'owner'>)

export { localTableName }

export interface CreateRuntimeParameters {
  readonly config: WatchtowerConfig
  readonly store: StoreLocation
  readonly env?: Record<string, string | undefined>
  /** Where the console channel writes; false to leave it out. */
  readonly consoleWrite?: ((line: string) => void) | false
  /** Told what the breaker decided after each tick (the replay's report); errors are logged either way. */
  readonly onBreakerOutcomes?: (outcomes: readonly BreakerOutcome[], now: number) => void
}

/** Builds everything a tick needs, once per process or Lambda container: the same code path locally and in AWS. */
export async function createRuntime({ config, store: location, env = process.env, consoleWrite, onBreakerOutcomes }: CreateRuntimeParameters): Promise<Runtime> {
  let store: Store
  let client: DynamoDBClient
  let tableName: string
  let close = async () => {}
  if (location.kind === 'embedded') {
    const { kind: _kind, ...embeddedLocation } = location
    const embedded = await openEmbeddedTable(embeddedLocation)
    ;({ client, tableName } = embedded)
    store = createDynamoStore({ tableName, client })
    close = embedded.close
  } else {
    tableName = location.tableName
    client = new DynamoDBClient(location.endpoint ? { endpoint: location.endpoint, maxAttempts: 3 } : { maxAttempts: 3 })
    store = createDynamoStore({ tableName, client })
  }

  // Buttons on incident messages where chat ops take their presses; Pause now while the breaker is on.
  const pausable = config.breaker && config.breaker.mode !== 'off' ? config.breaker.actions : []
  const buttons = (chain: string, checks: readonly CheckName[]) => incidentButtons(chain, checks, pausable)
  const { routes: channels, console: consoleChannel, problems } = buildChannels(config.notify, env, {
    ...(consoleWrite === false ? { console: false } : consoleWrite ? { write: consoleWrite } : {}),
    buttons: { ...(config.chatops?.slack ? { slack: buttons } : {}), ...(config.chatops?.telegram ? { telegram: buttons } : {}) },
  })
  const opStackChains = config.chains.filter((chain) => chain.stack === 'op-stack')
  const adapters = config.chains.map((chain) =>
    createAdapter(chain, { cursors: createCursorStore(store, chain.name), superchainPeers: opStackChains.filter((peer) => peer.name !== chain.name) }),
  )

  // The breaker keeps its own items (BREAKER#…) in the same table, through the same client; its announcements
  // go through the same outbox as the alerts, delivered by the tick right after the breaker ran.
  const dynamo = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } })
  const outbox = createOutbox(store, channels)
  const breaker =
    config.breaker && config.breaker.mode !== 'off'
      ? createBreaker({
          config,
          tableName,
          dynamo,
          env,
          outbox,
          log: consoleWrite === false ? false : (consoleWrite ?? ((line: string) => console.log(line))),
        })
      : undefined
  const afterTick: TickDependencies['afterTick'] = breaker
    ? async (tick) => {
        const before = outbox.queued
        const outcomes = await breaker.afterTick(tick)
        onBreakerOutcomes?.(outcomes, tick.now)
        for (const outcome of outcomes)
          if (outcome.decision === 'error') console.error(`! breaker ${outcome.action}: ${outcome.message}`)
        return { queued: outbox.queued - before }
      }
    : undefined
  return {
    config,
    adapters,
    store,
    channels,
    ...(consoleChannel ? { console: consoleChannel } : {}),
    problems,
    table: { dynamo, tableName },
    ...(afterTick ? { afterTick } : {}),
    close,
  }
}
