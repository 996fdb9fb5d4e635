import {
  type ConditionalCheckFailedException,
  DeleteItemCommand,
  PutItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb'
import { isConditionalFailure } from '../store/sendConditional.js'

/** The single lease item: one tick at a time across all Lambda containers. */
export const tickLeaseKey = { pk: 'LEASE', sk: 'tick' } as const

/** DynamoDB's TTL removes a lease item this long after it expired (it is harmless until then). */
const leaseTtlGraceSeconds = 3600

export interface AcquireLeaseParameters {
  readonly client: DynamoDBClient
  readonly tableName: string
  /** Who holds the lease, e.g. the Lambda request id. Re-acquiring with the same owner extends the lease. */
  readonly owner: string
  /** How long the lease holds unless released: the holder's own deadline, so a crashed holder frees it. */
  readonly durationMs: number
  /** Epoch milliseconds. */
  readonly now?: () => number
  readonly key?: { readonly pk: string; readonly sk: string }
}

export interface Lease {
  readonly owner: string
  /** Epoch milliseconds. */
  readonly expiresAt: number
  /** Deletes the lease item if this owner still holds it; false when someone else took it over meanwhile. */
  release(): Promise<boolean>
}

export type LeaseAttempt =
  | { readonly acquired: true; readonly lease: Lease }
  /** Someone else holds an unexpired lease; holder and expiry when DynamoDB reported them. */
  | { readonly acquired: false; readonly holder?: string; readonly expiresAt?: number }

/**
 * Takes the lease with one conditional PutItem: it succeeds when no lease item exists, the existing one has
 * expired (`expiresAt < now`), or `owner` already holds it. Of two overlapping invocations exactly one wins.
 * Other errors (throttling, access denied) reject: the caller must not tick without knowing.
 */
export async function acquireLease({
  client,
  tableName,
  owner,
  durationMs,
  now = Date.now,
  key = tickLeaseKey,
}: AcquireLeaseParameters): Promise<LeaseAttempt> {
  if (!(durationMs > 0)) throw new RangeError(`lease duration must be positive, got ${durationMs} ms`)
  const at = now()
  const expiresAt = at + Math.ceil(durationMs)
  try {
    await client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: {
          pk: { S: key.pk },
          sk: { S: key.sk },
          owner: { S: owner },
          expiresAt: { N: String(expiresAt) },
          acquiredAt: { N: String(at) },
          ttl: { N: String(Math.ceil(expiresAt / 1000) + leaseTtlGraceSeconds) },
        },
        ConditionExpression: 'attribute_not_exists(pk) OR #expiresAt < :now OR #owner = :owner',
        ExpressionAttributeNames: { '#expiresAt': 'expiresAt', '#owner': 'owner' },
        ExpressionAttributeValues: { ':now': { N: String(at) }, ':owner': { S: owner } },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    )
  } catch (error) {
    if (isConditionalFailure(error)) {
      const { Item } = error as ConditionalCheckFailedException
      const holder = Item?.owner?.S
      const heldUntil = Number(Item?.expiresAt?.N)
      return {
        acquired: false,
        ...(holder !== undefined ? { holder } : {}),
        ...(Number.isFinite(heldUntil) ? { expiresAt: heldUntil } : {}),
      }
    }
    throw error
  }
  return {
    acquired: true,
    lease: {
      owner,
      expiresAt,
      release: () => releaseLease({ client, tableName, owner, key }),
    },
  }
}

/** Conditional delete: only the owner's own lease goes. */
export async function releaseLease({
  client,
  tableName,
  owner,
  key = tickLeaseKey,
}: Pick<AcquireLeaseParameters, 'client' | 'tableName' | 'owner' | 'key'>): Promise<boolean> {
  try {
    await client.send(
      new DeleteItemCommand({
        TableName: tableName,
        Key: { pk: { S: key.pk }, sk: { S: key.sk } },
        ConditionExpression: '#owner = :owner',
        ExpressionAttributeNames: { '#owner': 'owner' },
        ExpressionAttributeValues: { ':owner': { S: owner } },
      }),
    )
    return true
  } catch (error) {
    if (isConditionalFailure(error)) return false
    throw error
  }
}
