import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import type { Mute } from '../alerts/Mute.js'
import { type OutboxEntry, withOutboxKind } from '../alerts/OutboxEntry.js'
import type { LogCursor } from '../chains/LogCursor.js'
import type { LivingMessage } from '../notify/LivingMessage.js'
import { cursorPartition, headPartition, heartbeatKey, messagePartition, mutePartition, outboxPartition, outboxSortKey, proofSystemPartition, statusPartition } from './keys.js'
import type { HeadMemory } from '../chains/rememberHead.js'
import type { ProofSystemMemory } from '../chains/rememberProofSystem.js'
import { type CheckState, type Heartbeat, type Store, stateKey } from './Store.js'
import { toHeartbeat } from './toHeartbeat.js'
import type { Verdict } from '../types.js'
import { sendConditional } from './sendConditional.js'

export interface CreateDynamoStoreParameters {
  readonly tableName: string
  /** Local DynamoDB-compatible endpoint (dynalite); omitted in AWS. */
  readonly endpoint?: string
  readonly client?: DynamoDBClient
}

/** A living message left behind (its channel removed from the config) goes after 90 days without an edit. */
const livingMessageTtlSeconds = 90 * 86400

/** Heartbeats expire after a month; DynamoDB deletes late, so readers never depend on it. */
const heartbeatTtlSeconds = 30 * 86400

/** The DynamoDB store: one table, conditional writes (no transactions: dynalite lacks them). */
export function createDynamoStore({ tableName, endpoint, client }: CreateDynamoStoreParameters): Store {
  const base =
    client ??
    new DynamoDBClient(
      endpoint
        ? { endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 2 }
        : { maxAttempts: 3 },
    )
  const db = DynamoDBDocumentClient.from(base, { marshallOptions: { removeUndefinedValues: true } })

  return {
    async getCheckStates() {
      const states = new Map<string, CheckState>()
      let exclusiveStartKey: Record<string, unknown> | undefined
      do {
        const page = await db.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': statusPartition },
            ExclusiveStartKey: exclusiveStartKey,
          }),
        )
        for (const item of page.Items ?? []) {
          const { pk: _pk, sk: _sk, ...state } = item
          states.set(stateKey(state.chain as string, state.check as string), state as CheckState)
        }
        exclusiveStartKey = page.LastEvaluatedKey
      } while (exclusiveStartKey)
      return states
    },

    async putCheckState(state, expectedVersion) {
      return sendConditional(db, new PutCommand({
        TableName: tableName,
        Item: { pk: statusPartition, sk: stateKey(state.chain, state.check), ...state },
        ...(expectedVersion === undefined
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': expectedVersion } }),
      }))
    },

    async putHeartbeat(heartbeat) {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...heartbeatKey, ...heartbeat, ttl: heartbeat.at + heartbeatTtlSeconds },
        }),
      )
    },

    async getHeartbeat() {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: heartbeatKey }))
      if (!Item) return undefined
      const { pk: _pk, sk: _sk, ttl: _ttl, results, ...heartbeat } = Item
      // Written before heartbeats were summaries: every verdict under `results`.
      return results ? toHeartbeat({ at: Item.at as number, durationMs: Item.durationMs as number, results: results as Verdict[] }) : (heartbeat as Heartbeat)
    },

    async getCursor(chain, name) {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: { pk: cursorPartition, sk: `${chain}#${name}` } }))
      return Item ? decodeCursor(Item.cursor as string) : undefined
    },

    async putOutboxEntry(entry) {
      return sendConditional(db, new PutCommand({
        TableName: tableName,
        Item: { pk: outboxPartition, sk: outboxKey(entry), ...entry, ttl: entry.expiresAt + 86400 },
        ConditionExpression: 'attribute_not_exists(pk)',
      }))
    },

    async getOutbox(channel) {
      const entries: OutboxEntry[] = []
      let exclusiveStartKey: Record<string, unknown> | undefined
      do {
        const page = await db.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: channel === undefined ? 'pk = :pk' : 'pk = :pk AND begins_with(sk, :channel)',
            FilterExpression: 'attribute_not_exists(closedAt)',
            ExpressionAttributeValues: { ':pk': outboxPartition, ...(channel === undefined ? {} : { ':channel': `${channel}#` }) },
            ExclusiveStartKey: exclusiveStartKey,
          }),
        )
        for (const { pk: _pk, sk, ttl: _ttl, closedAt: _c, outcome: _o, ...stored } of page.Items ?? []) {
          const entry = withOutboxKind(stored)
          storedKeys.set(entry, sk as string)
          entries.push(entry)
        }
        exclusiveStartKey = page.LastEvaluatedKey
      } while (exclusiveStartKey)
      return entries
    },

    async claimOutboxEntry(entry, leaseUntil, now) {
      return sendConditional(db, new UpdateCommand({
        TableName: tableName,
        Key: { pk: outboxPartition, sk: outboxKey(entry) },
        UpdateExpression: 'SET leaseUntil = :lease',
        ConditionExpression:
          'attribute_exists(pk) AND attribute_not_exists(closedAt) AND attempts = :attempts AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)',
        ExpressionAttributeValues: { ':lease': leaseUntil, ':attempts': entry.attempts, ':now': now },
      }))
    },

    async closeOutboxEntry(entry, outcome, now) {
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { pk: outboxPartition, sk: outboxKey(entry) },
          UpdateExpression: 'SET closedAt = :now, outcome = :outcome, #ttl = :ttl REMOVE leaseUntil',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':now': now, ':outcome': outcome, ':ttl': now + 86400 },
        }),
      )
    },

    async rescheduleOutboxEntry(entry, { attempts, nextAttemptAt, lastError }) {
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { pk: outboxPartition, sk: outboxKey(entry) },
          UpdateExpression: 'SET attempts = :attempts, nextAttemptAt = :next, lastError = :error REMOVE leaseUntil',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':attempts': attempts, ':next': nextAttemptAt, ':error': lastError },
        }),
      )
    },

    async getProofSystemMemories() {
      const items = await queryPartition(db, tableName, proofSystemPartition)
      return new Map(items.map(({ pk: _pk, sk, ...memory }) => [sk as string, memory as unknown as ProofSystemMemory]))
    },

    async putProofSystemMemory(memory) {
      await db.send(new PutCommand({ TableName: tableName, Item: { pk: proofSystemPartition, sk: memory.chain, ...memory } }))
    },

    async getHeadMemories() {
      const items = await queryPartition(db, tableName, headPartition)
      return new Map(items.map(({ pk: _pk, sk, ...memory }) => [sk as string, memory as unknown as HeadMemory]))
    },

    async putHeadMemory(memory, expectedVersion) {
      return sendConditional(db, new PutCommand({
        TableName: tableName,
        Item: { pk: headPartition, sk: memory.chain, ...memory },
        ConditionExpression:
          expectedVersion === undefined ? 'attribute_not_exists(pk) OR #number < :number' : 'version = :expected OR #number < :number',
        ExpressionAttributeNames: { '#number': 'number' },
        ExpressionAttributeValues: { ':number': memory.number, ...(expectedVersion === undefined ? {} : { ':expected': expectedVersion }) },
      }))
    },

    async getMutes() {
      const { Items } = await db.send(
        new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': mutePartition } }),
      )
      return (Items ?? []).map(({ pk: _pk, sk: _sk, ttl: _ttl, ...mute }) => mute as Mute)
    },

    async putMute(mute) {
      await db.send(new PutCommand({ TableName: tableName, Item: { pk: mutePartition, sk: `${mute.chain}#${mute.check}`, ...mute, ttl: mute.until } }))
    },

    async deleteMute(chain, check) {
      const { Attributes } = await db.send(
        new DeleteCommand({ TableName: tableName, Key: { pk: mutePartition, sk: `${chain}#${check}` }, ReturnValues: 'ALL_OLD' }),
      )
      return Attributes !== undefined
    },

    async getLivingMessage(channel, chain) {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: { pk: messagePartition, sk: `${channel}#${chain}` } }))
      // No read-time TTL filter: one DynamoDB has not deleted yet is still a message that can be edited.
      if (!Item) return undefined
      const { pk: _pk, sk: _sk, ttl: _ttl, ...message } = Item
      return message as LivingMessage
    },

    async putLivingMessage(message) {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: { pk: messagePartition, sk: `${message.channel}#${message.chain}`, ...message, ttl: message.updatedAt + livingMessageTtlSeconds },
        }),
      )
    },

    async deleteLivingMessage(channel, chain) {
      await db.send(new DeleteCommand({ TableName: tableName, Key: { pk: messagePartition, sk: `${channel}#${chain}` } }))
    },

    async putCursor(chain, name, cursor) {
      await db.send(new PutCommand({ TableName: tableName, Item: { pk: cursorPartition, sk: `${chain}#${name}`, cursor: encodeCursor(cursor) } }))
    },
  }
}

/** Every item of one partition, page by page. */
async function queryPartition(db: DynamoDBDocumentClient, tableName: string, pk: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = []
  let exclusiveStartKey: Record<string, unknown> | undefined
  do {
    const page = await db.send(
      new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ExclusiveStartKey: exclusiveStartKey }),
    )
    items.push(...(page.Items ?? []))
    exclusiveStartKey = page.LastEvaluatedKey
  } while (exclusiveStartKey)
  return items
}

/** Cursors hold bigints (block numbers): stored as JSON with decimal strings. */
function encodeCursor(cursor: LogCursor): string {
  return JSON.stringify(cursor, (_key, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value))
}

function decodeCursor(text: string): LogCursor {
  return JSON.parse(text, (_key, value: unknown) => (typeof value === 'string' && /^\d+n$/.test(value) ? BigInt(value.slice(0, -1)) : value)) as LogCursor
}

/**
 * The sort key each entry was read under: entries queued before the key dropped the creation time
 * (`<channel>#<createdAt, 12 digits>#<id>`) are claimed and closed under the key they have.
 */
const storedKeys = new WeakMap<OutboxEntry, string>()
const outboxKey = (entry: OutboxEntry) => storedKeys.get(entry) ?? outboxSortKey(entry.channel, entry.id)
