import type { Block, PublicClient } from 'viem'
import { getBlock } from 'viem/actions'
import { describeError } from '../rpc/describeError.js'
import { redactUrl } from '../rpc/redact.js'
import type { L2Heads, RpcAgreement } from '../types.js'
import { readL2Heads } from './readL2Heads.js'

export interface L2Rpc {
  readonly url: string
  readonly client: PublicClient
}

/** An RPC whose head is this much older than the freshest one's is stuck, not merely a block behind. */
export const stuckToleranceSeconds = 60

const label = (rpc: L2Rpc) => redactUrl(rpc.url)
/** viem's errors usually name the URL already; say which endpoint only where they do not. */
const failure = (rpc: L2Rpc, description: string) => (description.includes(label(rpc)) ? description : `${label(rpc)}: ${description}`)

/**
 * With several L2 RPCs, asks each for its head (one request each, in parallel) so a stuck or forked endpoint is
 * seen instead of silently trusted: the first RPC also serves the safe/finalized tags; when it is the odd one
 * out (stuck behind, or failing), the tags are read again from one that agrees with the others. Two RPCs that
 * disagree have no majority: the fresher head wins, since a stalled node is far more common than a lying one.
 */
export async function readL2HeadsFromRpcs(rpcs: readonly L2Rpc[], { withSafeTags }: { withSafeTags: boolean }): Promise<{ heads: L2Heads; agreement: RpcAgreement }> {
  const [first, ...rest] = rpcs
  if (!first) throw new Error('no L2 RPC configured')
  const [primary, ...peers] = await Promise.allSettled([
    readL2Heads(first.client, { withSafeTags }),
    ...rest.map((rpc) => getBlock(rpc.client, { blockTag: 'latest' })),
  ])

  const answers: { rpc: L2Rpc; number: bigint; timestamp: number; hash: string }[] = []
  const failures: string[] = []
  if (primary!.status === 'fulfilled') answers.push({ rpc: first, ...primary!.value.latest })
  else failures.push(failure(first, describeError(primary!.reason)))
  peers.forEach((result, i) => {
    const rpc = rest[i]!
    if (result.status === 'fulfilled' && result.value.number !== null && result.value.hash !== null)
      answers.push({ rpc, number: result.value.number, timestamp: Number((result.value as Block).timestamp), hash: result.value.hash })
    else failures.push(failure(rpc, result.status === 'rejected' ? describeError(result.reason) : 'pending block'))
  })
  // Name every endpoint that failed, not just the last one tried: the operator has to fix all of them.
  if (answers.length === 0) throw new Error(`all ${rpcs.length} L2 RPCs failed: ${failures.join('; ')}`)

  const freshest = Math.max(...answers.map((a) => a.timestamp))
  const current = answers.filter((a) => freshest - a.timestamp <= stuckToleranceSeconds)
  const divergent: string[] = answers
    .filter((a) => freshest - a.timestamp > stuckToleranceSeconds)
    .map((a) => `${label(a.rpc)} is stuck ${freshest - a.timestamp} s behind (block #${a.number})`)
  const byNumber = new Map<bigint, Set<string>>()
  for (const a of current) byNumber.set(a.number, (byNumber.get(a.number) ?? new Set()).add(a.hash))
  for (const [number, hashes] of byNumber) if (hashes.size > 1) divergent.push(`RPCs return different blocks at height #${number}`)

  // Majority among current answers by hash of their own head is not comparable across heights; prefer the
  // most common head hash, then the freshest.
  const counts = new Map<string, number>()
  for (const a of current) counts.set(a.hash, (counts.get(a.hash) ?? 0) + 1)
  const chosen = [...current].sort((a, b) => (counts.get(b.hash)! - counts.get(a.hash)!) || b.timestamp - a.timestamp || Number(b.number - a.number))[0]!

  let heads: L2Heads
  if (primary!.status === 'fulfilled' && current.some((a) => a.rpc === first)) heads = primary!.value
  else heads = await readL2Heads(chosen.rpc.client, { withSafeTags })

  return {
    heads,
    agreement: { rpcs: rpcs.length, answered: answers.length, divergent, failed: failures },
  }
}
