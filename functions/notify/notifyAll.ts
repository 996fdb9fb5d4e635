import type { StatusChange } from '../types.js'
import type { Notifier } from './Notifier.js'
import { NotifyError } from './NotifyError.js'

export interface NotifyOutcome {
  readonly channel: string
  /** True when every chain's message went out on this channel. */
  readonly ok: boolean
  /** Why not, one line per failed chain (already free of secrets). */
  readonly error?: string
}

/**
 * Sends a tick's changes to every channel: one message per chain per channel.
 *
 * Channels run in parallel and independently (a Slack outage must not silence Telegram). Within a channel,
 * chains go one after another: chat APIs rate-limit per conversation at about one message a second, and
 * order is kept. A failing chain does not stop the next one. Returns one outcome per notifier, in order;
 * no changes means nothing is sent and no outcomes.
 */
export async function notifyAll(
  notifiers: readonly Notifier[],
  changes: readonly StatusChange[],
): Promise<NotifyOutcome[]> {
  if (changes.length === 0) return []
  const byChain = groupByChain(changes)
  const settled = await Promise.allSettled(notifiers.map((notifier) => sendAll(notifier, byChain)))
  return settled.map((result, index) => {
    const channel = notifiers[index]?.name ?? `#${index}`
    if (result.status === 'rejected') return { channel, ok: false, error: describe(result.reason) }
    return result.value.length === 0 ? { channel, ok: true } : { channel, ok: false, error: result.value.join('\n') }
  })
}

/** Resolves with the failures' descriptions; never rejects. */
async function sendAll(notifier: Notifier, byChain: ReadonlyMap<string, StatusChange[]>): Promise<string[]> {
  const errors: string[] = []
  for (const [chain, chainChanges] of byChain) {
    try {
      await notifier.notify(chainChanges)
    } catch (error) {
      const message = describe(error)
      errors.push(message.includes(chain) ? message : `${chain}: ${message}`)
    }
  }
  return errors
}

function groupByChain(changes: readonly StatusChange[]): Map<string, StatusChange[]> {
  const groups = new Map<string, StatusChange[]>()
  for (const change of changes) {
    const group = groups.get(change.verdict.chain)
    if (group) group.push(change)
    else groups.set(change.verdict.chain, [change])
  }
  return groups
}

function describe(error: unknown): string {
  if (error instanceof NotifyError) return error.shortMessage
  return error instanceof Error ? error.message : String(error)
}
