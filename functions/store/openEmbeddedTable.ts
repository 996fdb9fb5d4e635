import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { createTableIfMissing } from './createTableIfMissing.js'
import type { StateDirLock } from './readStateDirLock.js'
import { type StartEmbeddedDynamoParameters, startEmbeddedDynamo } from './startEmbeddedDynamo.js'

export const localTableName = 'watchtower'

export interface EmbeddedTable {
  readonly client: DynamoDBClient
  readonly tableName: string
  /** Served by the state dir's owner, another process (e.g. `watchtower run`), not by this one. */
  readonly attached: boolean
  /** The state dir's lock (its owner's PID, command, run interval); undefined in memory. */
  readonly lock?: StateDirLock
  close(): Promise<void>
}

/**
 * Local runs and tests: an embedded dynalite server (persisted under `stateDir`, in memory without one), a
 * DynamoDB client pointed at it, and the table created if missing. The same table layout the CDK stack creates.
 * While another process owns the state dir, its server is used instead (see startEmbeddedDynamo).
 */
export async function openEmbeddedTable({
  tableName = localTableName,
  ...location
}: StartEmbeddedDynamoParameters & { tableName?: string } = {}): Promise<EmbeddedTable> {
  const server = await startEmbeddedDynamo(location)
  const client = new DynamoDBClient({
    endpoint: server.endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 2,
  })
  const close = async () => {
    client.destroy()
    await server.close()
  }
  try {
    await createTableIfMissing(client, tableName)
  } catch (error) {
    await close()
    throw error
  }
  return { client, tableName, attached: server.attached, ...(server.lock ? { lock: server.lock } : {}), close }
}
