import { describe, expect, it } from 'vitest'
import { defaultAlertSettings, type AlertSettings } from '../../functions/alerts/alertSettings.js'
import { evaluateAlerts } from '../../functions/alerts/evaluateAlerts.js'
import { nextDeadline } from '../../functions/checks/nextDeadline.js'
import { confirmReadSeconds, planReads } from '../../functions/schedule/planReads.js'
import { endRegularPolls, nextPollAt, startPollSchedule, takeDuePoll, withPlannedReads } from '../../functions/schedule/pollSchedule.js'
import type { CheckState } from '../../functions/store/Store.js'
import type { CheckName, Status, Verdict } from '../../functions/types.js'

const verdict = (partial: Partial<Verdict> & { value: number | null; status: Status }, check: CheckName = 'liveness', chain = 'op'): Verdict => ({
  chain,
  check,
  unit: 's',
  reason: 'r',
  threshold: { warn: 30, crit: 120 },
  ...partial,
})
/** A liveness verdict of a head first seen `unchanged` seconds ago. */
const live = (value: number, status: Status, unchanged = value, chain = 'op') => verdict({ value, status, details: { headUnchangedFor: unchanged } }, 'liveness', chain)

function plan(verdicts: Verdict[], now: number, states = new Map<string, CheckState>(), settings: AlertSettings = defaultAlertSettings) {
  const decisions = evaluateAlerts(verdicts, states, { settingsFor: () => settings, mutes: [], now })
  return { reads: planReads({ verdicts, decisions, settingsFor: () => settings, now }), decisions }
}

describe('nextDeadline', () => {
  it('an ageing value reaches warn, then crit, one second per second', () => {
    expect(nextDeadline(live(10, 'ok'), 1000)).toBe(1020)
    expect(nextDeadline(live(45, 'warn'), 1000)).toBe(1075)
    expect(nextDeadline(verdict({ value: 7000, status: 'ok', threshold: { warn: 7200, crit: 21600 } }, 'state-root-finality'), 1000)).toBe(1200)
  })

  it('nothing follows from crit, unknown, no value, or a check that does not age', () => {
    expect(nextDeadline(live(130, 'crit'), 1000)).toBeUndefined()
    expect(nextDeadline(verdict({ value: null, status: 'unknown' }), 1000)).toBeUndefined()
    expect(nextDeadline(verdict({ value: 10, status: 'ok' }, 'sequencer-lag'), 1000)).toBeUndefined()
  })

  it('a status already raised by something else (a head in the future: warn at age 5) next changes at crit', () => {
    expect(nextDeadline(live(5, 'warn'), 1000)).toBe(1115)
  })
})

describe('planReads', () => {
  it('a steady healthy chain asks for nothing sooner than its crit deadline (the warn of a head that just moved is left to the regular poll)', () => {
    // Arbitrum-like: warn 10 s, crit 60 s, a head 1 s old that this read saw move.
    const arbitrum = verdict({ value: 1, status: 'ok', threshold: { warn: 10, crit: 60 }, details: { headUnchangedFor: 0 } })
    expect(plan([arbitrum], 1000).reads).toEqual([{ chain: 'op', at: 1059, reason: 'deadline', check: 'liveness' }])
  })

  it('a head unchanged since an earlier read is read again the second its age reaches warn', () => {
    expect(plan([live(20, 'ok', 14)], 1000).reads).toEqual([{ chain: 'op', at: 1010, reason: 'deadline', check: 'liveness' }])
  })

  it('a first breach is confirmed a few seconds later; the confirming read opens the incident and asks for the next deadline', () => {
    const first = plan([live(121, 'crit')], 1000)
    expect(first.reads).toEqual([{ chain: 'op', at: 1000 + confirmReadSeconds, reason: 'confirm', check: 'liveness' }])
    const states = new Map(first.decisions.map((d) => [`${d.state.chain}#${d.state.check}`, d.state]))
    const second = plan([live(124, 'crit')], 1000 + confirmReadSeconds, states)
    expect(second.decisions[0]?.alert).toMatchObject({ kind: 'open' })
    expect(second.reads).toEqual([]) // crit: nothing worse can follow from the age
  })

  it('an open warn incident escalating to crit is confirmed quickly too', () => {
    const states = new Map<string, CheckState>()
    for (const [at, value] of [
      [1000, 40],
      [1015, 55],
    ] as const)
      for (const d of evaluateAlerts([live(value, 'warn')], states, { settingsFor: () => defaultAlertSettings, mutes: [], now: at })) states.set('op#liveness', d.state)
    expect(states.get('op#liveness')?.incident?.status).toBe('warn')
    expect(plan([live(120, 'crit')], 1080, states).reads).toMatchObject([{ at: 1083, reason: 'confirm' }])
  })

  it('with forSeconds the hold is time: read again when it is up; rpc-unavailable when rpcUnavailableAfter is up', () => {
    const timed = { ...defaultAlertSettings, for: 10, forSeconds: 40 }
    expect(plan([verdict({ value: 900, status: 'warn' }, 'sequencer-lag')], 1000, new Map(), timed).reads).toEqual([
      { chain: 'op', at: 1040, reason: 'confirm', check: 'sequencer-lag' },
    ])
    const blind = [verdict({ value: null, status: 'unknown' }), verdict({ value: null, status: 'unknown' }, 'rpc-unavailable')]
    expect(plan(blind, 1000).reads).toEqual([{ chain: 'op', at: 1060, reason: 'confirm', check: 'rpc-unavailable' }])
  })

  it('one read per chain, the earliest', () => {
    const reads = plan([live(121, 'crit'), verdict({ value: 7190, status: 'ok', threshold: { warn: 7200, crit: 21600 } }, 'state-root-finality'), live(29, 'ok', 20, 'base')], 1000).reads
    expect(reads).toEqual([
      { chain: 'op', at: 1003, reason: 'confirm', check: 'liveness' },
      { chain: 'base', at: 1001, reason: 'deadline', check: 'liveness' },
    ])
  })
})

describe('poll schedule', () => {
  it('regular polls on a fixed grid; an early read of one chain in between; the tick of that chain replaces its reads', () => {
    let schedule = startPollSchedule(0, 15_000)
    let taken = takeDuePoll(schedule, 0)
    expect(taken.poll).toMatchObject({ regular: true })
    expect(taken.poll.chains).toBeUndefined()
    schedule = withPlannedReads(taken.schedule, undefined, [{ chain: 'op', at: 20, reason: 'deadline', check: 'liveness' }])
    expect(nextPollAt(schedule)).toBe(15_000)
    taken = takeDuePoll(schedule, 15_000)
    schedule = withPlannedReads(taken.schedule, undefined, [{ chain: 'op', at: 20, reason: 'deadline', check: 'liveness' }])
    expect(nextPollAt(schedule)).toBe(20_000)
    taken = takeDuePoll(schedule, 20_000)
    expect(taken.poll).toMatchObject({ regular: false, chains: ['op'] })
    schedule = withPlannedReads(taken.schedule, ['op'], [{ chain: 'op', at: 23, reason: 'confirm', check: 'liveness' }])
    expect(nextPollAt(schedule)).toBe(23_000)
    schedule = withPlannedReads(takeDuePoll(schedule, 23_000).schedule, ['op'], [])
    expect(nextPollAt(schedule)).toBe(30_000) // the grid did not move
  })

  it('a loop a whole interval late restarts the grid from now instead of catching up', () => {
    const late = takeDuePoll(startPollSchedule(0, 15_000), 40_000)
    expect(late.schedule.regularAt).toBe(55_000)
    expect(nextPollAt(endRegularPolls(late.schedule))).toBe(Number.POSITIVE_INFINITY)
  })
})
