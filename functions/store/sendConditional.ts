import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import type { DeleteCommand, DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'

/** A failed condition, whichever copy of the SDK threw it (bundles can hold two: match the name too). */
export function isConditionalFailure(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException || (error as { name?: string } | undefined)?.name === 'ConditionalCheckFailedException'
}

/** Sends a conditional write: true when it was written, false when its condition failed; any other error throws. */
export async function sendConditional(db: DynamoDBDocumentClient, command: PutCommand | UpdateCommand | DeleteCommand): Promise<boolean> {
  try {
    await db.send(command as PutCommand)
    return true
  } catch (error) {
    if (isConditionalFailure(error)) return false
    throw error
  }
}
