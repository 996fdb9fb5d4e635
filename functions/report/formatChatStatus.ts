import type { Mute } from '../alerts/Mute.js'
import { isMuted } from '../alerts/Mute.js'
import { formatSeconds } from '../checks/formatSeconds.js'
import type { CheckState, Heartbeat } from '../store/Store.js'
import type { Status } from '../types.js'
import { statusRows } from './statusRows.js'

const rank: Readonly<Record<Status, number>> = { ok: 0, unknown: 1, warn: 2, crit: 3 }
const label: Readonly<Record<Status, string>> = { ok: 'OK', unknown: 'UNKNOWN', warn: 'WARN', crit: 'CRIT' }

/**
 * The per-chain summary a chat `status` answers with, plain text, one line per chain: its worst status and the
 * checks that are not ok (with incident, ack and mute marks), then the heartbeat's age. Pure.
 */
export function formatChatStatus(
  { states, heartbeat, chains, mutes, now }: { states: ReadonlyMap<string, CheckState>; heartbeat: Heartbeat | undefined; chains: readonly string[]; mutes: readonly Mute[]; now: number },
): string {
  const rows = statusRows(states, heartbeat, chains)
  const byChain = new Map<string, typeof rows>()
  for (const row of rows) byChain.set(row.chain, [...(byChain.get(row.chain) ?? []), row])
  const lines = [...new Set([...chains, ...byChain.keys()])].map((chain) => {
    const verdicts = byChain.get(chain) ?? []
    if (verdicts.length === 0) return `${chain}: no data yet`
    const worst = verdicts.reduce<Status>((w, v) => (rank[v.status] > rank[w] ? v.status : w), 'ok')
    const problems = verdicts
      .filter((v) => v.status !== 'ok')
      .map((v) => {
        const incident = states.get(`${v.chain}#${v.check}`)?.incident
        const marks = [
          incident ? `incident ${formatSeconds(now - incident.openedAt)}` : '',
          incident?.ackedStatus ? `acked${incident.ackedBy ? ` by ${incident.ackedBy}` : ''}` : '',
          isMuted(mutes, v.chain, v.check, now) ? 'muted' : '',
        ].filter(Boolean)
        return `${v.check} ${label[v.status]}${marks.length ? ` [${marks.join(', ')}]` : ''}`
      })
    const configured = chains.includes(chain) ? '' : ' (no longer configured)'
    return `${chain}${configured}: ${label[worst]}${problems.length ? ` (${problems.join('; ')})` : ''}`
  })
  const beat = heartbeat ? `last tick ${formatSeconds(Math.max(0, now - heartbeat.at))} ago` : 'no tick has run yet'
  const muted = mutes.filter((m) => m.until > now).map((m) => `${m.chain === '*' ? 'all' : m.chain}${m.check === '*' ? '' : ` ${m.check}`} muted for another ${formatSeconds(m.until - now)}`)
  return [...lines, ...muted, beat].join('\n')
}
