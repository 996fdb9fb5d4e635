import { describe, expect, it } from 'vitest'
import type { AnnouncedMessage, BreakerAnnouncement, BreakerEvent, HealthAlarm } from '../../functions/alerts/OutboxEntry.js'
import { healthAnnouncement } from '../../functions/notify/formatAnnouncement.js'
import { pagerdutyAnnouncementEvent } from '../../functions/notify/pagerdutyAnnouncementEvent.js'

const key = 'serviceKey0123456789abcdefABCDEF'

function breaker(event: BreakerEvent, over: Partial<BreakerAnnouncement> = {}): AnnouncedMessage {
  const announcement: BreakerAnnouncement = { event, action: 'pause-perps', incident: '000001', level: 'crit', title: `Breaker ${event}: pause-perps`, lines: ['op-mainnet: liveness CRIT'], chain: 'op-mainnet', ...over }
  return { kind: 'breaker', announcement }
}
const health = (state: string): AnnouncedMessage => ({ kind: 'health', alarm: { alarmName: 'watchtower-prod-tick-errors', state, reason: 'Threshold crossed', stage: 'prod' } satisfies HealthAlarm })
const send = (message: AnnouncedMessage) =>
  pagerdutyAnnouncementEvent(message.kind === 'breaker' ? message.announcement : healthAnnouncement(message.alarm), message, key)
const summary = (message: AnnouncedMessage) => {
  const { path, body } = send(message)
  return [path === '/v2/change/enqueue' ? 'change' : body.event_action, body.dedup_key, (body.payload as { severity?: string } | undefined)?.severity]
}

describe('pagerdutyAnnouncementEvent (pure)', () => {
  it('a breaker pause is one alert, from the pause (or the failure to pause) to the resume', () => {
    const pause = 'breaker#pause-perps#000001'
    expect(summary(breaker('paused', { paused: true, hashes: ['0xabc'] }))).toEqual(['trigger', pause, 'critical'])
    expect(summary(breaker('submitted', { paused: true }))).toEqual(['trigger', pause, 'critical'])
    expect(summary(breaker('pending', { paused: true }))).toEqual(['trigger', pause, 'critical'])
    expect(summary(breaker('replaced', { paused: true }))).toEqual(['trigger', pause, 'critical'])
    expect(summary(breaker('pause-confirmed', { paused: true }))).toEqual(['trigger', pause, 'critical'])
    expect(summary(breaker('already-paused', { level: 'warn', paused: true }))).toEqual(['trigger', pause, 'warning'])
    expect(summary(breaker('failed', { paused: false }))).toEqual(['trigger', pause, 'critical'])
    // Context while it stays paused; resolved once nothing is held paused.
    expect(summary(breaker('resolved', { level: 'info', paused: true }))).toEqual(['change', undefined, undefined])
    expect(summary(breaker('resume-safe', { level: 'ok', paused: true }))).toEqual(['change', undefined, undefined])
    expect(summary(breaker('resumed', { level: 'crit', paused: true }))).toEqual(['change', undefined, undefined]) // resume failed: still paused
    expect(summary(breaker('resumed', { level: 'ok', paused: false }))).toEqual(['resolve', pause, undefined])
    expect(summary(breaker('resolved', { level: 'info', paused: false, attempted: true }))).toEqual(['resolve', pause, undefined]) // risk over after failed attempts
    // Shadow mode pages nobody, and its risk over resolves nothing (no alert was ever triggered on that key).
    expect(summary(breaker('would-pause', { level: 'warn', paused: false }))).toEqual(['change', undefined, undefined])
    expect(summary(breaker('resolved', { level: 'info', paused: false, attempted: false }))).toEqual(['change', undefined, undefined])
  })

  it('readiness is its own alert per action; a refused manual request is context', () => {
    expect(summary(breaker('not-ready', { level: 'warn', incident: undefined }))).toEqual(['trigger', 'breaker#pause-perps#readiness', 'warning'])
    expect(summary(breaker('ready', { level: 'ok', incident: undefined }))).toEqual(['resolve', 'breaker#pause-perps#readiness', undefined])
    expect(summary(breaker('manual-refused', { level: 'warn', incident: undefined }))).toEqual(['change', undefined, undefined])
  })

  it('health alarms: ALARM triggers, INSUFFICIENT_DATA warns, OK resolves, one dedup_key per alarm; a plain SNS message is context', () => {
    const alarm = 'watchtower#watchtower-prod-tick-errors'
    expect(summary(health('ALARM'))).toEqual(['trigger', alarm, 'critical'])
    expect(summary(health('INSUFFICIENT_DATA'))).toEqual(['trigger', alarm, 'warning'])
    expect(summary(health('OK'))).toEqual(['resolve', alarm, undefined])
    expect(summary(health('MESSAGE'))).toEqual(['change', undefined, undefined])
  })

  it('a trigger carries the title, the chain, the action and the transaction; links only http(s)', () => {
    const message = breaker('paused', {
      paused: true,
      hashes: ['0xabc'],
      facts: [{ label: 'op-mainnet tx', value: '0xabc' }],
      links: [
        { label: 'op-mainnet tx', url: 'https://optimistic.etherscan.io/tx/0xabc' },
        { label: 'odd', url: 'javascript:alert(1)' },
      ],
    })
    expect(send(message)).toEqual({
      path: '/v2/enqueue',
      what: 'trigger',
      body: {
        routing_key: key,
        event_action: 'trigger',
        dedup_key: 'breaker#pause-perps#000001',
        payload: {
          summary: 'op-mainnet: Breaker paused: pause-perps',
          source: 'op-mainnet',
          severity: 'critical',
          group: 'op-mainnet',
          component: 'pause-perps',
          class: 'breaker paused',
          custom_details: { action: 'pause-perps', event: 'paused', incident: '000001', transactions: ['0xabc'], lines: 'op-mainnet: liveness CRIT', 'op-mainnet tx': '0xabc' },
        },
        links: [{ href: 'https://optimistic.etherscan.io/tx/0xabc', text: 'op-mainnet tx' }],
      },
    })
    const change = send(health('MESSAGE'))
    expect(change.body).toEqual({
      routing_key: key,
      payload: { summary: expect.stringContaining('watchtower-prod-tick-errors'), source: 'watchtower', custom_details: expect.objectContaining({ state: 'MESSAGE', stage: 'prod' }) },
    })
    // Without its outbox message (an older caller): context only.
    expect(pagerdutyAnnouncementEvent({ level: 'crit', title: 't', lines: [] }, undefined, key).path).toBe('/v2/change/enqueue')
  })
})
