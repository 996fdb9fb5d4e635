import type { CheckState, Incident } from '../store/Store.js'
import { type AlertKind, type Status, type StatusChange, statusRank, type Verdict } from '../types.js'
import type { AlertSettings } from './alertSettings.js'
import { isMuted, type Mute } from './Mute.js'

export interface AlertDecision {
  readonly state: CheckState
  /** Version the write is conditional on; undefined for a first write. */
  readonly expectedVersion: number | undefined
  /** The alert to queue for delivery, when this write tells people something. */
  readonly alert?: StatusChange
  /** The alert was silenced by a mute: recorded, not delivered. */
  readonly muted?: boolean
}

export interface EvaluateAlertsParameters {
  readonly settingsFor: (chain: string) => AlertSettings
  readonly mutes: readonly Mute[]
  readonly linkFor?: (verdict: Verdict) => string | undefined
  readonly now: number
}

const stateKey = (chain: string, check: string) => `${chain}#${check}`

/** Hysteresis: a new observed status counts once it held `for` observations, or `forSeconds`. */
function held(streak: number, since: number, now: number, count: number, seconds: number | undefined): boolean {
  return streak >= count || (seconds !== undefined && now - since >= seconds)
}

/** Per chain, the id of its oldest open incident: a check that fires later joins it instead of opening a competing page. */
function openIncidentIds(states: ReadonlyMap<string, CheckState>): Map<string, Incident> {
  const byChain = new Map<string, Incident>()
  for (const { chain, incident } of states.values()) {
    const oldest = byChain.get(chain)
    if (incident && (!oldest || incident.openedAt < oldest.openedAt)) byChain.set(chain, incident)
  }
  return byChain
}

/**
 * Pure alert engine, one step per chain×check and tick: track how long the observed status has held, open an
 * incident once a breach held long enough (joining the chain's open incident, by id, if it has one), escalate
 * it in place, remind every repeat interval unless acknowledged, and resolve it after `clearFor` healthy
 * observations. While every RPC of a chain fails, its other checks' `unknown`s are folded into the single
 * `rpc-unavailable` incident instead of paging each.
 */
export function evaluateAlerts(
  verdicts: readonly Verdict[],
  states: ReadonlyMap<string, CheckState>,
  { settingsFor, mutes, linkFor, now }: EvaluateAlertsParameters,
): AlertDecision[] {
  const blind = new Set(verdicts.filter((v) => v.check === 'rpc-unavailable' && v.status !== 'ok').map((v) => v.chain))
  const decisions: AlertDecision[] = []
  const chainIncidents = openIncidentIds(states)

  for (const verdict of verdicts) {
    const settings = settingsFor(verdict.chain)
    const previous = states.get(stateKey(verdict.chain, verdict.check))
    const sameStatus = previous?.status === verdict.status
    const streak = sameStatus ? previous!.streak + 1 : 1
    const since = sameStatus ? previous!.since : now
    let incident = previous?.incident
    let kind: AlertKind | undefined
    let alertPrevious: Status = incident?.status ?? 'ok'
    let previousSince: number | undefined
    const incidentId = incident?.id

    const [count, seconds] =
      verdict.check === 'rpc-unavailable' ? [Number.MAX_SAFE_INTEGER, settings.rpcUnavailableAfter] : [settings.for, settings.forSeconds]
    const folded = verdict.status === 'unknown' && verdict.check !== 'rpc-unavailable' && blind.has(verdict.chain)

    if (verdict.status === 'ok') {
      if (incident && held(streak, since, now, settings.clearFor, undefined)) {
        kind = 'resolve'
        previousSince = incident.openedAt
        incident = undefined
      }
    } else if (!folded && held(streak, since, now, count, seconds)) {
      if (!incident) {
        kind = 'open'
        const id = chainIncidents.get(verdict.chain)?.id ?? `${verdict.chain}#${verdict.check}#${now}`
        incident = { id, status: verdict.status, openedAt: now, lastAlertAt: now }
        if (!chainIncidents.has(verdict.chain)) chainIncidents.set(verdict.chain, incident)
      } else if (incident.status !== verdict.status) {
        // Escalation (or easing) in place; an ack holds only until the status worsens.
        kind = 'escalate'
        previousSince = incident.openedAt
        const worsened = statusRank[verdict.status] > statusRank[incident.status]
        const { ackedStatus: _a, ackedAt: _t, ackedBy: _b, ...rest } = incident
        incident = { ...(worsened ? rest : incident), status: verdict.status, lastAlertAt: now }
      } else if (!incident.ackedStatus && now - incident.lastAlertAt >= settings.repeatInterval[incident.status === 'crit' ? 'crit' : 'warn']) {
        kind = 'remind'
        previousSince = incident.openedAt
        incident = { ...incident, lastAlertAt: now }
      }
    }

    const changed = !previous || !sameStatus || kind !== undefined
    // A steady ok with no incident needs no write; everything else advances the streak (that is news to the store).
    if (!changed && verdict.status === 'ok' && !incident) continue
    const state: CheckState = {
      chain: verdict.chain,
      check: verdict.check,
      status: verdict.status,
      since,
      streak,
      ...(incident ? { incident } : {}),
      value: verdict.value,
      unit: verdict.unit,
      reason: verdict.reason,
      threshold: verdict.threshold,
      ...(kind ? { lastNotifiedStatus: verdict.status } : previous?.lastNotifiedStatus ? { lastNotifiedStatus: previous.lastNotifiedStatus } : {}),
      updatedAt: now,
      version: (previous?.version ?? 0) + 1,
    }
    if (kind === 'open') alertPrevious = 'ok'
    const link = linkFor?.(verdict)
    const alert: StatusChange | undefined = kind
      ? {
          kind,
          verdict,
          previous: kind === 'remind' ? verdict.status : alertPrevious,
          since: now,
          ...(previousSince !== undefined ? { previousSince } : {}),
          ...(link ? { link } : {}),
          // A resolve names the incident it closes; every other step the one it is part of.
          ...(incident || incidentId ? { incident: incident?.id ?? incidentId! } : {}),
        }
      : undefined
    decisions.push({
      state,
      expectedVersion: previous?.version,
      ...(alert ? { alert, muted: isMuted(mutes, verdict.chain, verdict.check, now) } : {}),
    })
  }
  return decisions
}

export type { Incident }
