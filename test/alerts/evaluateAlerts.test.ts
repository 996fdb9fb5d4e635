import { describe, expect, it } from 'vitest'
import { type AlertSettings, defaultAlertSettings, resolveAlertSettings } from '../../functions/alerts/alertSettings.js'
import { evaluateAlerts } from '../../functions/alerts/evaluateAlerts.js'
import type { Mute } from '../../functions/alerts/Mute.js'
import { parseDuration } from '../../functions/alerts/parseDuration.js'
import type { CheckState } from '../../functions/store/Store.js'
import type { CheckName, Status, Verdict } from '../../functions/types.js'

const verdict = (status: Status, check: CheckName = 'liveness', chain = 'base'): Verdict => ({
  chain,
  check,
  status,
  value: status === 'unknown' ? null : 10,
  unit: 's',
  reason: `${check} is ${status}`,
  threshold: { warn: 30, crit: 120 },
})

/** Runs the engine over a sequence of observations, carrying state like the store would. */
function simulate(steps: { at: number; verdicts: Verdict[] }[], settings: AlertSettings = defaultAlertSettings, mutes: Mute[] = []) {
  const states = new Map<string, CheckState>()
  const alerts: { at: number; kind: string; check: string; status: Status; previous: Status; muted: boolean }[] = []
  for (const { at, verdicts } of steps) {
    for (const decision of evaluateAlerts(verdicts, states, { settingsFor: () => settings, mutes, now: at })) {
      states.set(`${decision.state.chain}#${decision.state.check}`, decision.state)
      if (decision.alert)
        alerts.push({ at, kind: decision.alert.kind!, check: decision.alert.verdict.check, status: decision.alert.verdict.status, previous: decision.alert.previous, muted: Boolean(decision.muted) })
    }
  }
  return { alerts, states }
}

const every15s = (statuses: Status[], start = 1000) => statuses.map((s, i) => ({ at: start + i * 15, verdicts: [verdict(s)] }))

describe('hysteresis', () => {
  it('fires after `for` consecutive breaches, not before', () => {
    expect(simulate(every15s(['ok', 'crit'])).alerts).toEqual([])
    expect(simulate(every15s(['ok', 'crit', 'crit'])).alerts).toMatchObject([{ kind: 'open', status: 'crit', previous: 'ok', at: 1030 }])
  })

  it('one bad answer between good ones never pages', () => {
    expect(simulate(every15s(['ok', 'unknown', 'ok', 'crit', 'ok', 'warn', 'ok'])).alerts).toEqual([])
  })

  it('fires after forSeconds even when observations are sparse', () => {
    const settings = { ...defaultAlertSettings, for: 10, forSeconds: 60 }
    expect(simulate(every15s(['crit', 'crit', 'crit', 'crit']), settings).alerts).toEqual([])
    expect(simulate(every15s(['crit', 'crit', 'crit', 'crit', 'crit']), settings).alerts).toMatchObject([{ kind: 'open', at: 1060 }])
  })

  it('resolves only after `clearFor` healthy observations, with the incident duration', () => {
    const { alerts } = simulate(every15s(['crit', 'crit', 'ok', 'crit', 'ok', 'ok']))
    expect(alerts.map((a) => a.kind)).toEqual(['open', 'resolve'])
    expect(alerts[1]).toMatchObject({ at: 1075, status: 'ok', previous: 'crit' })
  })
})

describe('incidents', () => {
  it('escalates warn → crit in place and resolves once', () => {
    const { alerts, states } = simulate(every15s(['warn', 'warn', 'crit', 'crit', 'crit', 'ok', 'ok']))
    expect(alerts.map((a) => `${a.kind}:${a.previous}→${a.status}`)).toEqual(['open:ok→warn', 'escalate:warn→crit', 'resolve:crit→ok'])
    expect(states.get('base#liveness')?.incident).toBeUndefined()
  })

  it('reminds every repeat interval while open (30 min crit), not in between', () => {
    const steps = Array.from({ length: 130 }, (_, i) => ({ at: 1000 + i * 30, verdicts: [verdict('crit')] })) // 65 min
    const { alerts } = simulate(steps)
    expect(alerts.map((a) => `${a.kind}@${a.at - 1030}`)).toEqual(['open@0', 'remind@1800', 'remind@3600'])
  })

  it('an ack stops reminders until the status worsens', () => {
    const settings = { ...defaultAlertSettings, repeatInterval: { warn: 60, crit: 60 } }
    const states = new Map<string, CheckState>()
    const kinds: string[] = []
    const step = (at: number, status: Status) => {
      for (const d of evaluateAlerts([verdict(status)], states, { settingsFor: () => settings, mutes: [], now: at })) {
        states.set('base#liveness', d.state)
        if (d.alert) kinds.push(`${d.alert.kind}:${status}`)
      }
    }
    step(0, 'warn')
    step(15, 'warn')
    const open = states.get('base#liveness')!
    states.set('base#liveness', { ...open, incident: { ...open.incident!, ackedStatus: 'warn', ackedAt: 20 } })
    for (let t = 30; t <= 300; t += 15) step(t, 'warn')
    expect(kinds).toEqual(['open:warn'])
    step(315, 'crit')
    step(330, 'crit')
    expect(kinds).toEqual(['open:warn', 'escalate:crit'])
    expect(states.get('base#liveness')?.incident?.ackedStatus).toBeUndefined()
    step(400, 'crit')
    expect(kinds.at(-1)).toBe('remind:crit')
  })

  it('a check that fires later joins the chain\'s open incident (same id) instead of opening a competing one', () => {
    const { states } = simulate([
      { at: 0, verdicts: [verdict('warn', 'sequencer-lag'), verdict('ok', 'liveness'), verdict('crit', 'liveness', 'op')] },
      { at: 15, verdicts: [verdict('warn', 'sequencer-lag'), verdict('crit', 'liveness'), verdict('crit', 'liveness', 'op')] },
      { at: 30, verdicts: [verdict('warn', 'sequencer-lag'), verdict('crit', 'liveness'), verdict('crit', 'liveness', 'op')] },
    ])
    const first = states.get('base#sequencer-lag')!.incident!
    expect(first.id).toBe('base#sequencer-lag#15')
    expect(states.get('base#liveness')!.incident).toMatchObject({ id: first.id, status: 'crit', openedAt: 30 })
    expect(states.get('op#liveness')!.incident!.id).toBe('op#liveness#15') // another chain keeps its own
  })

  it('a mute records the alert but marks it muted, and expires', () => {
    const mutes: Mute[] = [{ chain: 'base', check: '*', until: 1020, createdAt: 900 }]
    expect(simulate(every15s(['crit', 'crit']), defaultAlertSettings, mutes).alerts).toMatchObject([{ kind: 'open', muted: true }])
    expect(simulate(every15s(['crit', 'crit'], 1100), defaultAlertSettings, mutes).alerts).toMatchObject([{ kind: 'open', muted: false }])
    const global: Mute[] = [{ chain: '*', check: '*', until: 5000, createdAt: 900 }]
    expect(simulate(every15s(['crit', 'crit']), defaultAlertSettings, global).alerts[0]?.muted).toBe(true)
  })
})

describe('going blind', () => {
  const blindTick = (at: number) => ({
    at,
    verdicts: [verdict('unknown', 'liveness'), verdict('unknown', 'sequencer-lag'), verdict('unknown', 'rpc-unavailable')],
  })
  const seeingTick = (at: number) => ({ at, verdicts: [verdict('ok', 'liveness'), verdict('ok', 'sequencer-lag'), verdict('ok', 'rpc-unavailable')] })

  it('one failed tick pages nobody', () => {
    expect(simulate([seeingTick(0), blindTick(15), seeingTick(30), seeingTick(45)]).alerts).toEqual([])
  })

  it('every RPC down past rpcUnavailableAfter pages once, as rpc-unavailable only', () => {
    const steps = [seeingTick(0), ...Array.from({ length: 12 }, (_, i) => blindTick(15 + i * 15))]
    const { alerts } = simulate(steps)
    expect(alerts).toMatchObject([{ kind: 'open', check: 'rpc-unavailable', status: 'unknown', at: 75 }])
  })
})

describe('settings', () => {
  it('chain alerts override global alerts override defaults', () => {
    const settings = resolveAlertSettings({ alerts: { for: 3, repeatInterval: { crit: 600 } } }, { alerts: { clearFor: 5 } })
    expect(settings).toMatchObject({ for: 3, clearFor: 5, repeatInterval: { warn: 4 * 3600, crit: 600 }, groupWait: 30 })
  })

  it('parses mute durations', () => {
    expect(parseDuration('2h')).toBe(7200)
    expect(parseDuration('1h30m')).toBe(5400)
    expect(parseDuration('45s')).toBe(45)
    expect(parseDuration('1d')).toBe(86400)
    expect(parseDuration('soon')).toBeUndefined()
    expect(parseDuration('0m')).toBeUndefined()
  })
})
