import type { PlannedRead } from './planReads.js'

/**
 * When the poll loop reads what (pure; epoch milliseconds): every chain at the regular interval, on a fixed
 * grid so chains stay batched in one tick, and single chains earlier where a tick asked for it (planReads:
 * a deadline, a confirming read). Shared by `watchtower run` (bin/runLoop.ts) and the tick Lambda.
 */
export interface PollSchedule {
  readonly intervalMs: number
  /** The next regular poll of every chain; Infinity when the caller has no more of them (the Lambda's last). */
  readonly regularAt: number
  /** Early reads, at most one per chain: when and why. */
  readonly early: ReadonlyMap<string, EarlyRead>
}

export interface EarlyRead {
  readonly at: number
  readonly reason: PlannedRead['reason']
  readonly check: string
}

/** What to read now. */
export interface DuePoll {
  /** A regular poll: every chain. */
  readonly regular: boolean
  /** The chains to read; undefined: every chain. */
  readonly chains?: readonly string[]
  /** Early reads this poll serves, by chain. */
  readonly early: ReadonlyMap<string, EarlyRead>
}

export function startPollSchedule(startMs: number, intervalMs: number): PollSchedule {
  return { intervalMs, regularAt: startMs, early: new Map() }
}

/** When the next poll is due (epoch ms; may be in the past: due at once). */
export function nextPollAt({ regularAt, early }: PollSchedule): number {
  let at = regularAt
  for (const read of early.values()) if (read.at < at) at = read.at
  return at
}

/**
 * The poll due at `nowMs` and the schedule after it: the regular one reads every chain (and serves every early
 * read already due); otherwise the chains whose early read is due. The grid moves on by one interval; a loop a
 * whole interval late (a suspended laptop, a tick slower than the interval) restarts it from now instead of
 * catching up poll after poll.
 */
export function takeDuePoll(schedule: PollSchedule, nowMs: number): { poll: DuePoll; schedule: PollSchedule } {
  const due = new Map([...schedule.early].filter(([, read]) => read.at <= nowMs))
  const early = new Map([...schedule.early].filter(([chain]) => !due.has(chain)))
  if (schedule.regularAt <= nowMs) {
    const next = schedule.regularAt + schedule.intervalMs
    const regularAt = next <= nowMs ? nowMs + schedule.intervalMs : next
    return { poll: { regular: true, early: due }, schedule: { ...schedule, regularAt, early } }
  }
  return { poll: { regular: false, chains: [...due.keys()], early: due }, schedule: { ...schedule, early } }
}

/**
 * Records what a tick of `chains` (undefined: every chain) asked for: its reads replace whatever those chains
 * had pending (the tick's verdicts are the newest knowledge), other chains keep theirs.
 */
export function withPlannedReads(schedule: PollSchedule, chains: readonly string[] | undefined, reads: readonly PlannedRead[]): PollSchedule {
  const ticked = chains ? new Set(chains) : undefined
  const early = new Map([...schedule.early].filter(([chain]) => ticked !== undefined && !ticked.has(chain)))
  for (const read of reads) {
    if (ticked && !ticked.has(read.chain)) continue
    early.set(read.chain, { at: read.at * 1000, reason: read.reason, check: read.check })
  }
  return { ...schedule, early }
}

/** No more regular polls (the Lambda after its last one): only early reads remain. */
export function endRegularPolls(schedule: PollSchedule): PollSchedule {
  return { ...schedule, regularAt: Number.POSITIVE_INFINITY }
}
