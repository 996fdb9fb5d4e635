import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import type { ChatChannel, ChatUser } from './ChatCommand.js'
import type { ApprovalRequest } from './decideApproval.js'
import { sendConditional } from '../store/sendConditional.js'

/**
 * Chat ops' items in the watchtower's single table:
 *
 * | pk         | sk                   | what                                                   |
 * |------------|----------------------|--------------------------------------------------------|
 * | `AUDIT`    | `<ms>#<rand>`        | every accepted or refused chat action (ttl 400 days)   |
 * | `APPROVAL` | `<id>`               | a pause/resume waiting for its second approval         |
 */
export const auditPartition = 'AUDIT'
export const approvalPartition = 'APPROVAL'
const auditTtlSeconds = 400 * 86400

export type AuditOutcome = 'accepted' | 'refused' | 'failed' | 'awaiting-approval'

/** One line of the audit trail: who did what, when, from where, and what came of it. */
export interface AuditEntry {
  /** Unix seconds. */
  readonly at: number
  readonly channel: ChatChannel | 'http'
  readonly user: { readonly id: string; readonly name?: string }
  /** The command as typed or the button's value (`mute base 1h`), bounded. */
  readonly command: string
  readonly outcome: AuditOutcome
  /** Why refused, what changed (`acknowledged base#liveness`), or the error. */
  readonly detail: string
  /** Chat the request came from. */
  readonly chat?: string
}

export interface ChatopsStore {
  appendAudit(entry: AuditEntry): Promise<void>
  /** Newest first. */
  recentAudit(limit: number): Promise<AuditEntry[]>
  /** False when a request with this id exists already. */
  putApproval(request: ApprovalRequest): Promise<boolean>
  getApproval(id: string): Promise<ApprovalRequest | undefined>
  /** The second approval, by conditional write: of two people pressing at once exactly one wins. */
  approve(request: ApprovalRequest, approver: ChatUser, now: number): Promise<boolean>
}

const bounded = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text)

export function createChatopsStore(db: DynamoDBDocumentClient, tableName: string): ChatopsStore {
  return {
    async appendAudit(entry) {
      // Milliseconds in the key: several actions within one second keep their order.
      const sk = `${String(Math.max(Date.now(), entry.at * 1000)).padStart(15, '0')}#${Math.random().toString(36).slice(2, 10)}`
      const item = { ...entry, command: bounded(entry.command, 300), detail: bounded(entry.detail, 1000) }
      await db.send(new PutCommand({ TableName: tableName, Item: { pk: auditPartition, sk, ...item, ttl: entry.at + auditTtlSeconds } }))
    },
    async recentAudit(limit) {
      const entries: AuditEntry[] = []
      let exclusiveStartKey: Record<string, unknown> | undefined
      do {
        const page = await db.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': auditPartition },
            ScanIndexForward: false,
            Limit: limit - entries.length,
            ExclusiveStartKey: exclusiveStartKey,
          }),
        )
        for (const { pk: _pk, sk: _sk, ttl: _ttl, ...entry } of page.Items ?? []) entries.push(entry as AuditEntry)
        exclusiveStartKey = page.LastEvaluatedKey
      } while (exclusiveStartKey && entries.length < limit)
      return entries
    },
    async putApproval(request) {
      return sendConditional(db, new PutCommand({
        TableName: tableName,
        Item: { pk: approvalPartition, sk: request.id, ...request, ttl: request.expiresAt + 86400 },
        ConditionExpression: 'attribute_not_exists(pk)',
      }))
    },
    async getApproval(id) {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: { pk: approvalPartition, sk: id }, ConsistentRead: true }))
      if (!Item) return undefined
      const { pk: _pk, sk: _sk, ttl: _ttl, ...request } = Item
      return request as ApprovalRequest
    },
    async approve(request, approver, now) {
      return sendConditional(db, new UpdateCommand({
        TableName: tableName,
        Key: { pk: approvalPartition, sk: request.id },
        UpdateExpression: 'SET #state = :approved, approvedBy = :by, approvedAt = :now',
        ConditionExpression: '#state = :pending AND expiresAt > :now AND requestedBy.id <> :approver',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':approved': 'approved',
          ':pending': 'pending',
          ':by': { channel: approver.channel, id: approver.id, ...(approver.name ? { name: approver.name } : {}) },
          ':now': now,
          ':approver': approver.id,
        },
      }))
    },
  }
}
