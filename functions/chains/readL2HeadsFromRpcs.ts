import type { Block, PublicClient } from 'viem'
import { getBlock } from 'viem/actions'
import { formatSeconds } from '../checks/formatSeconds.js'
import { describeError } from '../rpc/describeError.js'
import { redactUrl } from '../rpc/redact.js'
import { futureToleranceSeconds } from './futureToleranceSeconds.js'
import type { L2Heads, RpcAgreement } from '../types.js'
import { readL2Heads, type ReadL2HeadsParameters } from './readL2Heads.js'

export interface L2Rpc {
  readonly url: string
  readonly client: PublicClient
}

/** What the reader remembers of one endpoint between reads: its highest head and when that was first seen. */
export interface EndpointHead {
  readonly number: bigint
  readonly firstSeenAt: number
}

/**
 * The head batch's options (readL2Heads): its re-read heights and stack reads (the OP L1 origin, Linea's anchoring)
 * ride with the first endpoint's batch, or the chosen one's when the first is not current.
 */
export interface ReadL2HeadsFromRpcsOptions extends ReadL2HeadsParameters {
  /** Unix seconds (wall clock). */
  readonly now: number
  /** Each endpoint's head as of earlier reads, by label; updated in place (the reader keeps it between ticks). */
  readonly seen?: Map<string, EndpointHead>
}

/** An RPC whose head is this much staler than the freshest one's is stuck, not merely a block behind. */
export const stuckToleranceSeconds = 60

/** Distinct even when endpoints share a host: `#1 rpc.example.org/***`, `#2 rpc.example.org/***`. */
export const endpointLabel = (url: string, index: number) => `#${index + 1} ${redactUrl(url).replace(/^[a-z]+:\/\//i, '')}`

interface Answer {
  readonly label: string
  readonly rpc: L2Rpc
  readonly number: bigint
  readonly timestamp: number
  readonly hash: string
  /** Seconds since this endpoint's head number last rose (0 when first seen now or on a first read). */
  readonly unchangedFor: number
  /** max(now − timestamp, unchangedFor): the liveness rule, per endpoint. */
  readonly age: number
  readonly inFuture: boolean
}

/**
 * With several L2 RPCs, asks each for its head (one request each, in parallel) so a stuck, lying or forked
 * endpoint is seen instead of silently trusted. Endpoints are ranked the way liveness judges a chain: by the
 * larger of the head's timestamp age and how long its head number has not risen (remembered between reads);
 * one stamping heads in the future is ranked last, so a fresher timestamp alone never wins. Among the current
 * ones the most common head wins, then the higher number. The first RPC also serves the safe/finalized tags;
 * when it is not current, they are read again from the chosen one.
 */
export async function readL2HeadsFromRpcs(
  rpcs: readonly L2Rpc[],
  { now, seen = new Map(), ...batch }: ReadL2HeadsFromRpcsOptions,
): Promise<{ heads: L2Heads; agreement: RpcAgreement }> {
  const [first, ...rest] = rpcs
  if (!first) throw new Error('no L2 RPC configured')
  const labels = rpcs.map((rpc, i) => endpointLabel(rpc.url, i))
  const [primary, ...peers] = await Promise.allSettled([
    readL2Heads(first.client, batch),
    ...rest.map((rpc) => getBlock(rpc.client, { blockTag: 'latest' })),
  ])

  const answers: Answer[] = []
  const failures: string[] = []
  const answer = (index: number, head: { number: bigint; timestamp: number; hash: string }) => {
    const label = labels[index]!
    const before = seen.get(label)
    const unchangedFor = before && head.number <= before.number ? Math.max(0, now - before.firstSeenAt) : 0
    if (!before || head.number > before.number) seen.set(label, { number: head.number, firstSeenAt: now })
    const age = Math.max(0, now - head.timestamp, unchangedFor)
    answers.push({ label, rpc: rpcs[index]!, ...head, unchangedFor, age, inFuture: head.timestamp - now > futureToleranceSeconds })
  }
  // Labels are prefixed even where viem names the URL: two endpoints on one host must stay apart.
  if (primary!.status === 'fulfilled') answer(0, primary!.value.latest)
  else failures.push(`${labels[0]}: ${describeError(primary!.reason)}`)
  peers.forEach((result, i) => {
    if (result.status === 'fulfilled' && result.value.number !== null && result.value.hash !== null)
      answer(i + 1, { number: result.value.number, timestamp: Number((result.value as Block).timestamp), hash: result.value.hash })
    else failures.push(`${labels[i + 1]}: ${result.status === 'rejected' ? describeError(result.reason) : 'pending block'}`)
  })
  // Name every endpoint that failed, not just the last one tried: the operator has to fix all of them.
  if (answers.length === 0) throw new Error(`all ${rpcs.length} L2 RPCs failed: ${failures.join('; ')}`)

  const divergent: string[] = answers
    .filter((a) => a.inFuture)
    .map((a) => `${a.label} serves head #${a.number} stamped ${formatSeconds(a.timestamp - now)} in the future (not trusted)`)
  // Only when every endpoint stamps the future is one of them used (liveness then reports it).
  const trusted = answers.some((a) => !a.inFuture) ? answers.filter((a) => !a.inFuture) : answers
  const freshest = Math.min(...trusted.map((a) => a.age))
  const current = trusted.filter((a) => a.age - freshest <= stuckToleranceSeconds)
  for (const a of trusted)
    if (a.age - freshest > stuckToleranceSeconds)
      divergent.push(
        a.unchangedFor > now - a.timestamp
          ? `${a.label} is stuck: head #${a.number} has not advanced for ${a.unchangedFor} s`
          : `${a.label} is stuck ${a.age - freshest} s behind (block #${a.number})`,
      )
  const byNumber = new Map<bigint, Set<string>>()
  for (const a of current) byNumber.set(a.number, (byNumber.get(a.number) ?? new Set()).add(a.hash))
  for (const [number, hashes] of byNumber) if (hashes.size > 1) divergent.push(`RPCs return different blocks at height #${number}`)

  const counts = new Map<string, number>()
  for (const a of current) counts.set(a.hash, (counts.get(a.hash) ?? 0) + 1)
  const chosen = [...current].sort((a, b) => counts.get(b.hash)! - counts.get(a.hash)! || Number(b.number - a.number) || a.age - b.age)[0]!

  const heads =
    primary!.status === 'fulfilled' && current.some((a) => a.rpc === first) ? primary!.value : await readL2Heads(chosen.rpc.client, batch)

  return {
    heads,
    agreement: { rpcs: rpcs.length, answered: answers.length, divergent, failed: failures },
  }
}
