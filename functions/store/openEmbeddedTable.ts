import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { createTableIfMissing } from './createTableIfMissing.js'
import { startEmbeddedDynamo } from './startEmbeddedDynamo.js'

export const localTableName = 'watchtower'

export interface EmbeddedTable {
  readonly client: DynamoDBClient
  readonly tableName: string
  close(): Promise<void>
}

/**
 * Local runs and tests: an embedded dynalite server (persisted under `stateDir`, in memory without one), a
 * DynamoDB client pointed at it, and the table created if missing. The same table layout the CDK stack creates.
 */
export async function openEmbeddedTable({ stateDir, tableName = localTableName }: { stateDir?: string; tableName?: string } = {}): Promise<EmbeddedTable> {
  const server = await startEmbeddedDynamo(stateDir ? { stateDir } : {})
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
  return { client, tableName, close }
}
