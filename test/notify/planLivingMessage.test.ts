import { describe, expect, it } from 'vitest'
import type { LivingMessage } from '../../functions/notify/LivingMessage.js'
import { planLivingMessage } from '../../functions/notify/planLivingMessage.js'
import { change, NOW } from './sampleChanges.js'

const open = change({ kind: 'open', verdict: { status: 'warn' } })
const living = (incidents: LivingMessage['incidents']): LivingMessage => ({ channel: 'slack', chain: 'op-mainnet', ref: { channel: 'C1', ts: '1.000001' }, incidents, postedAt: NOW, updatedAt: NOW })

describe('planLivingMessage', () => {
  it('posts a first message with every change, and keeps it while an incident is open', () => {
    const plan = planLivingMessage(undefined, [open])
    expect(plan).toEqual({ shown: [{ change: open }], action: 'post', replies: [], closed: false })
  })

  it('edits in place on escalation, and a reminder of a shown incident is a reply, not an edit', () => {
    const escalate = change({ kind: 'escalate', previous: 'warn' })
    expect(planLivingMessage(living([{ change: open }]), [escalate])).toMatchObject({ action: 'edit', shown: [{ change: escalate }], replies: [], closed: false })
    const remind = change({ kind: 'remind', previous: 'crit' })
    expect(planLivingMessage(living([{ change: escalate }]), [remind])).toEqual({ action: 'none', shown: [{ change: escalate }], replies: [remind], closed: false })
  })

  it('a check of the same chain that fires later joins the message; it closes once every incident in it is resolved', () => {
    const other = change({ kind: 'open', verdict: { check: 'sequencer-lag', status: 'crit' } })
    const joined = planLivingMessage(living([{ change: open }]), [other])
    expect(joined.shown.map((s) => s.change.verdict.check)).toEqual(['liveness', 'sequencer-lag'])
    const resolveOne = change({ kind: 'resolve', previous: 'warn', verdict: { status: 'ok' } })
    const half = planLivingMessage(living(joined.shown), [resolveOne])
    expect(half).toMatchObject({ action: 'edit', closed: false })
    const resolveOther = change({ kind: 'resolve', previous: 'crit', verdict: { check: 'sequencer-lag', status: 'ok' } })
    expect(planLivingMessage(living(half.shown), [resolveOther])).toMatchObject({ action: 'edit', closed: true })
  })

  it('an ack notes who, until the incident worsens; a mute notes until when and by whom', () => {
    const acked = planLivingMessage(living([{ change: open }]), [change({ kind: 'ack', previous: 'warn', verdict: { status: 'warn' }, by: 'alice' })])
    expect(acked.shown).toEqual([{ change: open, ackedBy: 'alice' }])
    const muted = planLivingMessage(living(acked.shown), [change({ kind: 'mute', previous: 'warn', verdict: { status: 'warn' }, by: 'bob', until: NOW + 3600 })])
    expect(muted.shown).toEqual([{ change: open, ackedBy: 'alice', mutedUntil: NOW + 3600, mutedBy: 'bob' }])
    const worse = change({ kind: 'escalate', previous: 'warn' })
    expect(planLivingMessage(living(muted.shown), [worse]).shown).toEqual([{ change: worse, mutedUntil: NOW + 3600, mutedBy: 'bob' }])
    const eased = change({ kind: 'escalate', previous: 'crit', verdict: { status: 'warn' } })
    expect(planLivingMessage(living(acked.shown), [eased]).shown).toEqual([{ change: eased, ackedBy: 'alice' }])
  })

  it('an open and its resolve in one delivery (the channel was down meanwhile) are one closed message showing the resolve', () => {
    const resolve = change({ kind: 'resolve', previous: 'warn', previousSince: NOW - 60, verdict: { status: 'ok' } })
    expect(planLivingMessage(undefined, [open, resolve])).toEqual({ shown: [{ change: resolve }], action: 'post', replies: [], closed: true })
  })

  it('a reminder whose message is gone is posted as a message of its own', () => {
    const remind = change({ kind: 'remind', previous: 'crit' })
    expect(planLivingMessage(undefined, [remind])).toMatchObject({ action: 'post', replies: [], shown: [{ change: remind }] })
  })
})
