import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import type { ManualRequest } from './manualRequest.js'
import type { ActionState, IncidentRecord, LogEntry, ReadinessReport } from './types.js'
import { isConditionalFailure } from '../store/sendConditional.js'

/**
 * The breaker's items in the watchtower's single table (its own partitions, conditional writes only; no
 * transactions, which dynalite lacks):
 *
 * | pk                  | sk                 | what                                                |
 * |---------------------|--------------------|-----------------------------------------------------|
 * | `BREAKER#<action>`  | `STATE`            | phase, streaks, open incident; versioned            |
 * | `BREAKER#<action>`  | `INCIDENT#<id>`    | full incident record: routes, tx hashes, fees, …    |
 * | `BREAKER#<action>`  | `READINESS`        | last readiness report; versioned                    |
 * | `BREAKER#<action>`  | `LOG#<at>#<rand>`  | history for `breaker status` (ttl 90 d)             |
 * | `BREAKER#<action>`  | `REQUEST`          | a pause/resume asked for from the chat (next tick)  |
 * | `BREAKER`           | `TICKS`            | tick counter (readiness runs every N ticks)         |
 */
export const breakerPartition = (action: string) => `BREAKER#${action}`
export const breakerTicksKey = { pk: 'BREAKER', sk: 'TICKS' } as const
const stateSort = 'STATE'
const readinessSort = 'READINESS'
const requestSort = 'REQUEST'
const incidentSort = (id: string) => `INCIDENT#${id}`
const logTtlSeconds = 90 * 86400

/**
 * Drops undefined fields (the caller's document client may not be configured to) and fails loudly on a bigint
 * rather than storing something unreadable: amounts are kept as decimal strings.
 */
function clean<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}

export interface BreakerStore {
  getState(action: string): Promise<ActionState | undefined>
  /** Conditional put: false when another tick wrote the action since `expectedVersion` was read. */
  putState(state: ActionState, expectedVersion: number | undefined): Promise<boolean>
  getIncident(action: string, id: string): Promise<IncidentRecord | undefined>
  putIncident(record: IncidentRecord): Promise<void>
  appendLog(entry: LogEntry): Promise<void>
  /** Newest first. */
  recentLog(action: string, limit: number): Promise<LogEntry[]>
  getReadiness(action: string): Promise<(ReadinessReport & { version: number }) | undefined>
  putReadiness(report: ReadinessReport & { version: number }, expectedVersion: number | undefined): Promise<boolean>
  /** Atomically counts ticks (ADD); returns this tick's number, starting at 1. */
  countTick(): Promise<number>
  /** Stores a manual pause/resume for the next tick; false when one is waiting already. */
  putRequest(request: ManualRequest): Promise<boolean>
  getRequest(action: string): Promise<ManualRequest | undefined>
  /** Removes exactly the request read (its `at`); false when it was taken or replaced meanwhile. */
  deleteRequest(request: ManualRequest): Promise<boolean>
}

export function createBreakerStore(db: DynamoDBDocumentClient, tableName: string): BreakerStore {
  async function conditionalPut(item: Record<string, unknown>, expectedVersion: number | undefined): Promise<boolean> {
    try {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: clean(item),
          ...(expectedVersion === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': expectedVersion } }),
        }),
      )
      return true
    } catch (error) {
      if (isConditionalFailure(error)) return false
      throw error
    }
  }

  async function get(pk: string, sk: string): Promise<Record<string, unknown> | undefined> {
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: { pk, sk }, ConsistentRead: true }))
    if (!Item) return undefined
    const { pk: _pk, sk: _sk, ttl: _ttl, ...rest } = Item
    return rest
  }

  return {
    async getState(action) {
      return (await get(breakerPartition(action), stateSort)) as ActionState | undefined
    },
    putState(state, expectedVersion) {
      return conditionalPut({ pk: breakerPartition(state.action), sk: stateSort, ...state }, expectedVersion)
    },
    async getIncident(action, id) {
      return (await get(breakerPartition(action), incidentSort(id))) as IncidentRecord | undefined
    },
    async putIncident(record) {
      await db.send(new PutCommand({ TableName: tableName, Item: clean({ pk: breakerPartition(record.action), sk: incidentSort(record.id), ...record }) }))
    },
    async appendLog(entry) {
      const sk = `LOG#${String(entry.at).padStart(12, '0')}#${Math.random().toString(36).slice(2, 10)}`
      await db.send(new PutCommand({ TableName: tableName, Item: clean({ pk: breakerPartition(entry.action), sk, ...entry, ttl: entry.at + logTtlSeconds }) }))
    },
    async recentLog(action, limit) {
      const { Items } = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :log)',
          ExpressionAttributeValues: { ':pk': breakerPartition(action), ':log': 'LOG#' },
          ScanIndexForward: false,
          Limit: limit,
        }),
      )
      return (Items ?? []).map(({ pk: _pk, sk: _sk, ttl: _ttl, ...entry }) => entry as LogEntry)
    },
    async getReadiness(action) {
      return (await get(breakerPartition(action), readinessSort)) as (ReadinessReport & { version: number }) | undefined
    },
    putReadiness(report, expectedVersion) {
      return conditionalPut({ pk: breakerPartition(report.action), sk: readinessSort, ...report }, expectedVersion)
    },
    async countTick() {
      const { Attributes } = await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: breakerTicksKey,
          UpdateExpression: 'ADD ticks :one',
          ExpressionAttributeValues: { ':one': 1 },
          ReturnValues: 'UPDATED_NEW',
        }),
      )
      return Number(Attributes?.ticks ?? 1)
    },
    async putRequest(request) {
      try {
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: clean({ pk: breakerPartition(request.action), sk: requestSort, ...request, ttl: request.at + 86400 }),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        )
        return true
      } catch (error) {
        if (isConditionalFailure(error)) return false
        throw error
      }
    },
    async getRequest(action) {
      return (await get(breakerPartition(action), requestSort)) as ManualRequest | undefined
    },
    async deleteRequest(request) {
      try {
        await db.send(
          new DeleteCommand({
            TableName: tableName,
            Key: { pk: breakerPartition(request.action), sk: requestSort },
            ConditionExpression: '#at = :at',
            ExpressionAttributeNames: { '#at': 'at' },
            ExpressionAttributeValues: { ':at': request.at },
          }),
        )
        return true
      } catch (error) {
        if (isConditionalFailure(error)) return false
        throw error
      }
    },
  }
}
