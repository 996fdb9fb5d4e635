import type { PublicClient } from 'viem'
import { crossCheckStackReads } from './crossCheckStackReads.js'
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
 * The head batch's options (readL2Heads): its re-read heights and safe tags ride with the first endpoint's batch, or
 * the chosen one's when the first is not current. The stack reads (the OP L1 origin, Linea's anchoring) ride in every
 * endpoint's batch and are compared across those on the believed head (crossCheckStackReads).
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
  readonly heads: L2Heads
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
  // A peer's batch: its head and the same stack reads (still one request per endpoint).
  const peerBatch: ReadL2HeadsParameters = { withSafeTags: false, withL1Origin: batch.withL1Origin ?? false, ...(batch.anchoringOn ? { anchoringOn: batch.anchoringOn } : {}) }
  const [primary, ...peers] = await Promise.allSettled([readL2Heads(first.client, batch), ...rest.map((rpc) => readL2Heads(rpc.client, peerBatch))])

  const answers: Answer[] = []
  const failures: string[] = []
  const answer = (index: number, heads: L2Heads) => {
    const head = heads.latest
    const label = labels[index]!
    const before = seen.get(label)
    const unchangedFor = before && head.number <= before.number ? Math.max(0, now - before.firstSeenAt) : 0
    if (!before || head.number > before.number) seen.set(label, { number: head.number, firstSeenAt: now })
    const age = Math.max(0, now - head.timestamp, unchangedFor)
    answers.push({ label, rpc: rpcs[index]!, number: head.number, timestamp: head.timestamp, hash: head.hash, unchangedFor, age, inFuture: head.timestamp - now > futureToleranceSeconds, heads })
  }
  // Labels are prefixed even where viem names the URL: two endpoints on one host must stay apart.
  ;[primary!, ...peers].forEach((result, i) => {
    if (result.status === 'fulfilled') answer(i, result.value)
    else failures.push(`${labels[i]}: ${describeError(result.reason)}`)
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

  const believed = current.find((a) => a.rpc === first) ?? chosen
  const believedHeads = believed.rpc === first ? believed.heads : await readAgain(believed, batch)
  const others = answers.filter((a) => a !== believed && !a.inFuture).map((a) => ({ label: a.label, heads: a.heads }))
  const checked = crossCheckStackReads({ label: believed.label, heads: believedHeads }, others)

  return {
    heads: checked.heads,
    agreement: { rpcs: rpcs.length, answered: answers.length, divergent: [...divergent, ...checked.divergent], failed: failures },
  }
}

/**
 * The chosen endpoint's full batch (safe tags, re-read heights) when the first is not current; its stack values are
 * those its own batch already answered a moment ago, not asked twice.
 */
async function readAgain(chosen: Answer, { withL1Origin: _origin, anchoringOn: _anchoring, ...batch }: ReadL2HeadsParameters): Promise<L2Heads> {
  const heads = await readL2Heads(chosen.rpc.client, batch)
  const { l1Origin, l1MessagesAnchored } = chosen.heads
  return { ...heads, ...(l1Origin ? { l1Origin } : {}), ...(l1MessagesAnchored ? { l1MessagesAnchored } : {}) }
}
