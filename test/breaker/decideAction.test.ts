// The breaker's decisions as plain data: stored state + verdicts (+ a manual request) + time → probes and the
// final step. No store, no chain, no mocks.
import { describe, expect, it } from 'vitest'
import { type DecideActionParameters, decideAction } from '../../functions/breaker/decideAction.js'
import type { ManualRequest } from '../../functions/breaker/manualRequest.js'
import type { ActionState, IncidentSummary } from '../../functions/breaker/types.js'
import { breakerActionSchema } from '../../functions/config/breakerSchema.js'
import type { Status, Verdict } from '../../functions/types.js'

const action = breakerActionSchema.parse({
  name: 'pause-perps',
  chain: 'op',
  checks: ['liveness'],
  severity: 'crit',
  for: 3,
  grace: 600,
  target: { address: '0x00000000000000000000000000000000000000aa' },
})

const liveness = (status: Status): Verdict => ({ chain: 'op', check: 'liveness', status, value: status === 'unknown' ? null : 300, unit: 's', reason: `liveness ${status}`, threshold: { warn: 30, crit: 120 } })

const incident = (partial: Partial<IncidentSummary> = {}): IncidentSummary => ({
  id: '000001',
  openedAt: 1000,
  mode: 'armed',
  trigger: [],
  outcome: 'paused',
  attempts: 1,
  claimedAt: 1000,
  lastAttemptAt: 1000,
  ...partial,
})

const open = (partial: Partial<IncidentSummary> = {}, state: Partial<ActionState> = {}): ActionState => ({
  action: 'pause-perps',
  version: 7,
  phase: 'open',
  streaks: {},
  incidentSeq: 1,
  incident: incident(partial),
  updatedAt: 1000,
  ...state,
})

const decide = (stored: ActionState | undefined, verdicts: Verdict[], now: number, extra: Partial<DecideActionParameters> = {}) =>
  decideAction({ action, stored, input: { kind: 'tick', verdicts }, mode: 'armed', maxAttempts: 3, retrySeconds: 300, claimLeaseSeconds: 600, now, ...extra })

/** Feeds ticks 15 s apart, carrying the written state forward as the store would. */
function ticks(statuses: Status[], start = 2000): ReturnType<typeof decide>[] {
  let stored: ActionState | undefined
  return statuses.map((status, i) => {
    const decision = decide(stored, [liveness(status)], start + i * 15)
    if (decision.final.kind === 'commit' && decision.final.write) stored = decision.final.write
    return decision
  })
}

describe('decideAction (pure)', () => {
  it('builds evidence, then fires on the third crit; a quiet tick writes nothing', () => {
    const [first, second, third] = ticks(['crit', 'crit', 'crit'])
    expect(first!.final).toMatchObject({ kind: 'commit', outcome: { decision: 'building' }, write: { version: 1, streaks: { liveness: { count: 1 } } } })
    expect(second!.final).toMatchObject({ kind: 'commit', outcome: { decision: 'building' }, write: { version: 2 } })
    expect(third!.final).toEqual({ kind: 'fire', held: ['liveness'] })
    expect(third!.probes).toEqual([])
    const quiet = decide(undefined, [liveness('ok')], 3000)
    expect(quiet.final).toEqual({ kind: 'commit', onConflict: 'ignore', outcome: { action: 'pause-perps', decision: 'none' } })
  })

  it('an open, paused incident: never fires again while the risk holds', () => {
    const held = { liveness: { count: 5, since: 900, lastAt: 1985, status: 'crit' as const, value: 300, reason: 'x' } }
    const decision = decide(open({}, { streaks: held }), [liveness('crit')], 2000)
    expect(decision.held).toEqual(['liveness'])
    expect(decision.final).toMatchObject({ kind: 'commit', outcome: { decision: 'none', incident: '000001' } })
  })

  it('recovery: resolved (announced, lost-race on conflict), then resume-safe after the grace, announced once per state version', () => {
    const resolved = decide(open(), [liveness('ok')], 2000)
    expect(resolved.final).toMatchObject({
      kind: 'commit',
      onConflict: 'lost-race',
      write: { version: 8, incident: { resolvedAt: 2000 } },
      log: { kind: 'resolved' },
      announce: { event: 'resolved', incident: '000001', step: 'v8', paused: true, attempted: true },
      outcome: { decision: 'resolved' },
    })
    // A shadow incident's risk over: nothing was sent, so a pager has no alert to resolve.
    const shadow = decide(open({ outcome: 'would-pause', mode: 'shadow' }), [liveness('ok')], 2000, { mode: 'shadow' })
    expect(shadow.final).toMatchObject({ kind: 'commit', announce: { event: 'resolved', paused: false, attempted: false } })
    const stored = resolved.final.kind === 'commit' ? resolved.final.write! : undefined
    expect(decide(stored, [liveness('ok')], 2000 + 599).final).toMatchObject({ kind: 'commit', outcome: { decision: 'none' } })
    const safe = decide(stored, [liveness('ok')], 2600)
    expect(safe.final).toMatchObject({ kind: 'commit', write: { phase: 'resume-safe', incident: { resumeSafeAt: 2600 } }, announce: { event: 'resume-safe', step: 'v9' } })
    // Unknown proves nothing: no recovery on a blind tick.
    expect(decide(open(), [liveness('unknown')], 2000).final).toMatchObject({ kind: 'commit', outcome: { decision: 'none' } })
  })

  it('the risk back before the grace ended: relapsed, grace restarts', () => {
    const decision = decide(open({ resolvedAt: 1900 }), [liveness('crit')], 2000)
    expect(decision.final).toMatchObject({ kind: 'commit', onConflict: 'lost-race', log: { kind: 'relapsed' }, outcome: { decision: 'relapsed' } })
    expect(decision.final.kind === 'commit' && decision.final.write?.incident?.resolvedAt).toBeUndefined()
  })

  it('a claim: left alone within the lease; after it, taken over (reconcile what it sent, or fire again while held)', () => {
    expect(decide(open({ outcome: 'claimed', claimedAt: 1900 }), [liveness('crit')], 2000).final).toMatchObject({
      kind: 'commit',
      outcome: { decision: 'none', message: 'another tick holds the claim' },
    })
    expect(decide(open({ outcome: 'claimed', claimedAt: 1900 }), [liveness('crit')], 2000).final).not.toHaveProperty('write')
    const dead = decide(open({ outcome: 'claimed', claimedAt: 1000 }), [liveness('ok')], 2000)
    expect(dead.probes).toEqual([{ kind: 'take-over-claim' }])
    const streaks = { liveness: { count: 3, since: 1970, lastAt: 1985, status: 'crit' as const, value: 300, reason: 'x' } }
    expect(decide(open({ outcome: 'claimed', claimedAt: 1000 }, { streaks }), [liveness('crit')], 2000).final).toEqual({ kind: 'fire', held: ['liveness'] })
  })

  it('follow-ups: submitted → confirm on L2 first; pending → reconcile, then re-bump; failed → retried after retrySeconds while held, up to maxAttempts', () => {
    expect(decide(open({ outcome: 'submitted' }), [liveness('crit')], 2000).probes).toEqual([{ kind: 'confirm-on-l2' }])
    expect(decide(open({ outcome: 'submitted' }, { phase: 'resume-safe' }), [liveness('ok')], 2000).probes).toEqual([{ kind: 'confirm-on-l2' }])
    expect(decide(open({ outcome: 'pending' }), [liveness('crit')], 2000).probes).toEqual([{ kind: 'reconcile' }, { kind: 'rebump' }])
    const streaks = { liveness: { count: 9, since: 900, lastAt: 1985, status: 'crit' as const, value: 300, reason: 'x' } }
    const failed = (partial: Partial<IncidentSummary>, now: number) => decide(open({ outcome: 'failed', ...partial }, { streaks }), [liveness('crit')], now).final.kind
    expect(failed({ lastAttemptAt: 1800 }, 2000)).toBe('commit') // 200 s < retrySeconds
    expect(failed({ lastAttemptAt: 1700 }, 2000)).toBe('fire')
    expect(failed({ lastAttemptAt: 1000, attempts: 3 }, 2000)).toBe('commit') // maxAttempts reached
  })

  it('shadow → armed: a "would pause" incident is fired for real once the mode is armed and the risk still holds', () => {
    const streaks = { liveness: { count: 9, since: 900, lastAt: 1985, status: 'crit' as const, value: 300, reason: 'x' } }
    const wouldPause = open({ outcome: 'would-pause', mode: 'shadow' }, { streaks })
    expect(decide(wouldPause, [liveness('crit')], 2000, { mode: 'shadow' }).final.kind).toBe('commit')
    expect(decide(wouldPause, [liveness('crit')], 2000).final).toEqual({ kind: 'fire', held: ['liveness'] })
  })

  it('a manual pause request is a decision input: fired on the same path (no checks needed), refused with a reason otherwise', () => {
    const request: ManualRequest = { action: 'pause-perps', kind: 'pause', by: ['@alice (slack U1)', '@bob (slack U2)'], at: 1990 }
    const manual = (stored: ActionState | undefined, now = 2000, mode: 'armed' | 'shadow' = 'armed') =>
      decideAction({ action, stored, input: { kind: 'manual', request, verdicts: [liveness('ok')] }, mode, maxAttempts: 3, retrySeconds: 300, claimLeaseSeconds: 600, now })
    expect(manual(undefined).final).toEqual({ kind: 'fire', held: [], manual: request })
    expect(manual(open({ outcome: 'failed' })).final).toEqual({ kind: 'fire', held: [], manual: request })
    expect(manual(open()).probes[0]).toMatchObject({ kind: 'drop-request', why: expect.stringMatching(/open already: paused/) })
    expect(manual(undefined, 2000, 'shadow').probes[0]).toMatchObject({ kind: 'drop-request', why: 'the breaker is in shadow mode: nothing is sent' })
    expect(manual(undefined, 1990 + 601).probes[0]).toMatchObject({ kind: 'drop-request', why: expect.stringMatching(/within 10 minutes/) })
    // A refused request falls through to the tick's own decision (here: the risk is over, so "resolved").
    expect(manual(open()).final).toMatchObject({ kind: 'commit', outcome: { decision: 'resolved' } })
    const resume = decideAction({ action, stored: open(), input: { kind: 'manual', request: { ...request, kind: 'resume' }, verdicts: [] }, mode: 'armed', maxAttempts: 3, retrySeconds: 300, claimLeaseSeconds: 600, now: 2000 })
    expect(resume.probes[0]).toEqual({ kind: 'manual-resume', request: { ...request, kind: 'resume' } })
  })
})
