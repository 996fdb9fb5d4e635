/**
 * Sub-minute cadence: EventBridge Scheduler starts the tick function at most once a minute, and each
 * invocation runs several polls spaced `interval` apart (4 × 15 s by default), so detection is not held
 * to a 60 s grain; between them it reads single chains early where a tick asked for it (functions/schedule/).
 * Shared by the handler (reads the env) and the CDK stack (sets the env and the timeout).
 */

export const pollEnvNames = {
  polls: 'WATCHTOWER_POLLS_PER_INVOCATION',
  interval: 'WATCHTOWER_POLL_INTERVAL_SECONDS',
} as const

export const defaultPollsPerInvocation = 4
export const defaultPollIntervalSeconds = 15
/** Shortest spacing allowed: closer polls only multiply RPC load. */
export const minPollIntervalSeconds = 5
/**
 * A poll starts only with at least this much of the invocation left: RPC reads and each chat API time out
 * at about 10 s, so a slow poll still ends well inside the function timeout.
 */
export const pollReserveSeconds = 20

/**
 * Early reads of single chains (a check's deadline, a confirming read) start no later than this before the end of
 * the invocation's window (polls × interval): past it the next invocation, which reads every chain at its start,
 * is as soon, and a read still running then would hold the lease against that first poll.
 */
export const earlyReadCutoffMs = 5_000

export interface PollPlan {
  readonly polls: number
  readonly intervalMs: number
  /** Minimum remaining invocation time to start a poll. */
  readonly reserveMs: number
}

export interface PollSettings {
  readonly pollsPerInvocation: number
  readonly pollIntervalSeconds: number
}

/**
 * Problems with the settings for a schedule of `scheduleSeconds`: whole numbers, polls ≥ 1, interval ≥ 5 s,
 * and every poll of one invocation starting before the next invocation is due (polls × interval ≤ rate).
 */
export function pollSettingsProblems({ pollsPerInvocation, pollIntervalSeconds }: PollSettings, scheduleSeconds: number): string[] {
  const problems: string[] = []
  if (!Number.isInteger(pollsPerInvocation) || pollsPerInvocation < 1)
    problems.push(`pollsPerInvocation must be a whole number ≥ 1 (got ${pollsPerInvocation})`)
  if (!Number.isInteger(pollIntervalSeconds) || pollIntervalSeconds < minPollIntervalSeconds)
    problems.push(`pollIntervalSeconds must be a whole number ≥ ${minPollIntervalSeconds} (got ${pollIntervalSeconds})`)
  if (problems.length === 0 && pollsPerInvocation > 1 && pollsPerInvocation * pollIntervalSeconds > scheduleSeconds)
    problems.push(
      `pollsPerInvocation × pollIntervalSeconds (${pollsPerInvocation} × ${pollIntervalSeconds} s) must not exceed the schedule rate (${scheduleSeconds} s): the next invocation would start before this one's last poll`,
    )
  return problems
}

/** Function timeout that fits every poll: the last one starts at (polls − 1) × interval and gets the reserve plus slack. */
export function functionTimeoutSeconds({ pollsPerInvocation, pollIntervalSeconds }: PollSettings): number {
  return (pollsPerInvocation - 1) * pollIntervalSeconds + pollReserveSeconds + 10
}

function readWhole(value: string | undefined, fallback: number, min: number): number {
  if (value === undefined || value.trim() === '') return fallback
  const parsed = Number(value)
  return Number.isInteger(parsed) && parsed >= min ? parsed : fallback
}

/** The plan from the environment the stack set; unset or malformed values fall back to the defaults. */
export function readPollPlan(env: Record<string, string | undefined> = process.env): PollPlan {
  return {
    polls: readWhole(env[pollEnvNames.polls], defaultPollsPerInvocation, 1),
    intervalMs: readWhole(env[pollEnvNames.interval], defaultPollIntervalSeconds, minPollIntervalSeconds) * 1000,
    reserveMs: pollReserveSeconds * 1000,
  }
}
