import type { AbiEvent, Address, PublicClient } from 'viem'
import { findLatestLog, LogScanIncompleteError } from './findLatestLog.js'
import type { FoundLog, LogCursor } from './LogCursor.js'

/** A lookup of one id that ran out of calls, kept by the caller between ticks so the next one goes on. */
export interface LogLookupResume {
  lookup?: { readonly id: bigint; readonly cursor: LogCursor }
}

export interface FindLogByIdParameters {
  readonly address: Address
  /** An event whose `argName` is indexed: the id is matched in the topics, so the answer is that one log. */
  readonly event: AbiEvent
  readonly argName: string
  readonly id: bigint
  readonly head: bigint
  readonly resume: LogLookupResume
  readonly maxRange?: bigint | undefined
  readonly lookback?: bigint | undefined
}

/**
 * The log of the message (deposit, priority tx, L1→L2 message) numbered `id`, newest chunks first, bounded per tick:
 * a lookup that runs out of calls throws LogScanIncompleteError and goes on from `resume` next tick.
 * Undefined: not within the lookback.
 */
export async function findLogById(
  client: PublicClient,
  { address, event, argName, id, head, resume, maxRange, lookback }: FindLogByIdParameters,
): Promise<FoundLog | undefined> {
  const cursor = resume.lookup?.id === id ? resume.lookup.cursor : undefined
  try {
    const result = await findLatestLog(client, {
      address,
      events: [event],
      args: { [argName]: id },
      head,
      cursor,
      ...(maxRange ? { maxRange } : {}),
      ...(lookback ? { lookback } : {}),
    })
    resume.lookup = undefined
    return result.latest
  } catch (error) {
    resume.lookup = error instanceof LogScanIncompleteError ? { id, cursor: error.cursor } : undefined
    throw error
  }
}
