import { formatGwei } from 'viem'
import type { BreakerActionConfig } from '../config/breakerSchema.js'
import { formatDuration } from '../notify/formatDuration.js'
import type { Announcement } from '../alerts/OutboxEntry.js'
import { addressLink, txLink } from './explorers.js'
import type { IncidentSummary, ReadinessReport, RouteResult, TriggerEvidence } from './types.js'

/** Pure builders of the breaker's chat messages. */

function utc(seconds: number): string {
  return `${new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

function evidenceLine(incident: Pick<IncidentSummary, 'trigger' | 'requestedBy'>, severity: string): string {
  if (incident.requestedBy?.length) return `paused by hand from the chat, requested by ${incident.requestedBy.join(', approved by ')}`
  return incident.trigger
    .map((e: TriggerEvidence) => {
      const value = e.value === null ? '' : ` (${formatDuration(e.value)})`
      const rpcs = e.agreeing?.length ? `; ${e.agreeing.length} RPCs agree` : ''
      return `${e.check} ${e.status.toUpperCase()}${value} for ${e.count} observations since ${utc(e.since)}${rpcs}: ${e.reason}`
    })
    .join('\n') || `checks at ${severity}`
}

function targetLine(action: BreakerActionConfig, route: string): string {
  return `Target: ${action.target.function} on ${action.target.address} (${action.target.chain === 'l2' ? action.chain : action.target.chain === 'l1' ? `${action.chain} L1` : action.target.chain}), route ${route}`
}

/** Facts and links for every transaction a route sent. */
export function routeDetails(routes: readonly RouteResult[]): Pick<Announcement, 'facts' | 'links'> & { lines: string[] } {
  const facts: { label: string; value: string }[] = []
  const links: { label: string; url: string }[] = []
  const lines: string[] = []
  for (const route of routes) {
    const label = route.route === 'l1-inbox' ? `${route.chain} (${route.kind === 'op-deposit' ? 'OptimismPortal deposit' : 'Arbitrum delayed inbox'})` : route.chain
    const hash = route.minedHash ?? route.transactions.at(-1)?.hash
    if (hash) {
      facts.push({ label: `${label} tx`, value: hash })
      const url = txLink(route.explorer, hash)
      if (url) links.push({ label: `${label} tx`, url })
    }
    const last = route.transactions.at(-1)
    if (last) {
      const replaced = route.transactions.length > 1 ? `, ${route.transactions.length - 1} replacement(s)` : ''
      const block = route.blockNumber ? `, block ${route.blockNumber}` : ''
      lines.push(
        `${label}: ${route.status}${block}; nonce ${route.nonce ?? '?'}, max fee ${formatGwei(BigInt(last.maxFeePerGas))} gwei, priority ${formatGwei(BigInt(last.maxPriorityFeePerGas))} gwei${replaced}`,
      )
    } else if (route.status === 'failed' && route.error) {
      lines.push(`${label}: failed: ${route.error}`)
    }
    if (route.l2TransactionHash) {
      facts.push({ label: 'L2 transaction (when included)', value: route.l2TransactionHash })
      if (route.from) lines.push(`The L2 sees the signer ${route.from} as sender (a transaction from an EOA is not aliased).`)
    }
  }
  return { facts, links, lines }
}

export function wouldPauseMessage(action: BreakerActionConfig, incident: IncidentSummary, route: string): Announcement {
  return {
    chain: action.chain,
    level: 'warn',
    title: `Breaker (shadow) would pause: ${action.name}`,
    lines: [
      `${action.chain}: ${evidenceLine(incident, action.severity)}`,
      targetLine(action, route),
      'Shadow mode: nothing was sent. Set breaker.mode: armed to send pause transactions.',
    ],
  }
}

export function pausedMessage(action: BreakerActionConfig, incident: IncidentSummary, route: string, routes: readonly RouteResult[], outcome: 'paused' | 'submitted' | 'pending'): Announcement {
  const details = routeDetails(routes)
  const title =
    outcome === 'paused'
      ? `Breaker PAUSED: ${action.name}`
      : outcome === 'submitted'
        ? `Breaker pause submitted through L1: ${action.name}`
        : `Breaker pause sent, not yet mined: ${action.name}`
  const explain =
    outcome === 'submitted'
      ? 'Mined on L1; the L2 executes it ahead of user transactions when it derives the deposit / delayed message (force-includable after the window).'
      : outcome === 'pending'
        ? 'Not mined within the wait bound; later ticks keep watching for the receipt.'
        : 'Mined on the target chain.'
  return {
    chain: action.chain,
    level: 'crit',
    title,
    lines: [`${action.chain}: ${evidenceLine(incident, action.severity)}`, targetLine(action, route), explain, ...details.lines],
    facts: details.facts,
    links: details.links,
  }
}

export function alreadyPausedMessage(action: BreakerActionConfig, incident: IncidentSummary, routes: readonly RouteResult[]): Announcement {
  const link = addressLink(routes[0]?.explorer, action.target.address)
  return {
    chain: action.chain,
    level: 'warn',
    title: `Breaker: target already paused, nothing sent: ${action.name}`,
    lines: [`${action.chain}: ${evidenceLine(incident, action.severity)}`, `${action.target.pausedView || 'paused view'} on ${action.target.address} returned true.`],
    ...(link ? { links: [{ label: 'target', url: link }] } : {}),
  }
}

export function failedMessage(action: BreakerActionConfig, incident: IncidentSummary, route: string, error: string, routes: readonly RouteResult[], final: boolean): Announcement {
  const details = routeDetails(routes)
  return {
    chain: action.chain,
    level: 'crit',
    title: `Breaker could NOT pause: ${action.name}`,
    lines: [
      `${action.chain}: ${evidenceLine(incident, action.severity)}`,
      targetLine(action, route),
      `Attempt ${incident.attempts}: ${error}`,
      final ? 'No further automatic attempts for this incident: act by hand.' : 'Retried while the risk holds.',
      ...details.lines,
    ],
    facts: details.facts,
    links: details.links,
  }
}

export function resolvedMessage(action: BreakerActionConfig, resolvedAt: number, paused: boolean): Announcement {
  return {
    chain: action.chain,
    level: 'info',
    title: `Breaker: risk over for ${action.name}`,
    lines: [
      `Every check of ${action.chain} (${action.checks.join(', ')}) is below ${action.severity} since ${utc(resolvedAt)}.`,
      paused
        ? `Resuming is announced as safe after the grace period (${formatDuration(action.grace)}, at ${utc(resolvedAt + action.grace)}). The breaker never unpauses by itself.`
        : `Grace period ${formatDuration(action.grace)} (until ${utc(resolvedAt + action.grace)}).`,
    ],
  }
}

export function resumeSafeMessage(action: BreakerActionConfig, incident: IncidentSummary): Announcement {
  const paused = incident.outcome === 'paused' || incident.outcome === 'submitted' || incident.outcome === 'pending' || incident.outcome === 'already-paused'
  return {
    chain: action.chain,
    level: 'ok',
    title: paused ? `Breaker: resuming is safe: ${action.name}` : `Breaker: grace period over: ${action.name}`,
    lines: [
      `No check of ${action.chain} has been at ${action.severity} for ${formatDuration(action.grace)} (since ${utc(incident.resolvedAt ?? 0)}).`,
      paused
        ? `Run \`watchtower breaker resume ${action.name}\` to send ${action.target.unpause} to ${action.target.address}.`
        : incident.outcome === 'would-pause'
          ? 'Shadow mode: nothing was paused.'
          : 'Nothing was paused by the breaker in this incident.',
    ],
  }
}

export function resumedMessage(action: BreakerActionConfig, outcome: string, routes: readonly RouteResult[], error?: string): Announcement {
  const details = routeDetails(routes)
  return {
    chain: action.chain,
    level: outcome === 'unpaused' ? 'ok' : outcome === 'failed' ? 'crit' : 'info',
    title:
      outcome === 'unpaused'
        ? `Breaker RESUMED: ${action.name}`
        : outcome === 'would-unpause'
          ? `Breaker (shadow) would resume: ${action.name}`
          : outcome === 'not-paused'
            ? `Breaker: target not paused, nothing sent: ${action.name}`
            : outcome === 'pending'
              ? `Breaker resume sent, not yet mined: ${action.name}`
              : `Breaker resume FAILED: ${action.name}`,
    lines: [`${action.target.unpause} on ${action.target.address} (operator command)`, ...(error ? [error] : []), ...details.lines],
    facts: details.facts,
    links: details.links,
  }
}

export function readinessMessage(action: BreakerActionConfig, report: ReadinessReport): Announcement {
  if (report.ready)
    return {
      chain: action.chain,
      level: 'ok',
      title: `Breaker ready again: ${action.name}`,
      lines: [`Signer ${report.signer ?? '?'} can ${action.target.function} on ${action.target.address}.`, ...report.notes],
    }
  return {
    chain: action.chain,
    level: 'warn',
    title: `Breaker NOT READY: ${action.name}`,
    lines: [
      `A pause of ${action.target.address} (${action.chain}) would fail now:`,
      ...report.problems.map((p) => `• ${p.what}: ${p.message}`),
      ...report.notes,
      `Check again with \`watchtower breaker test ${action.name}\`.`,
    ],
    ...(report.signer ? { facts: [{ label: 'signer', value: report.signer }] } : {}),
  }
}

/** A later tick re-sent a still-unmined pause (same nonce, higher fees). */
export function replacedMessage(action: BreakerActionConfig, incident: IncidentSummary, route: string, routes: readonly RouteResult[], replaced: readonly RouteResult[]): Announcement {
  const details = routeDetails(routes)
  return {
    chain: action.chain,
    level: 'crit',
    title: `Breaker pause re-sent at a higher fee: ${action.name}`,
    lines: [
      targetLine(action, route),
      ...replaced.map((r) => {
        const last = r.transactions.at(-1)
        return `${r.chain}: still not mined; same-nonce replacement ${last?.hash ?? '?'} (nonce ${r.nonce ?? '?'}, max fee ${last ? formatGwei(BigInt(last.maxFeePerGas)) : '?'} gwei). Whichever is mined is the outcome.`
      }),
      ...details.lines,
    ],
    facts: details.facts,
    links: details.links,
  }
}

/** An L1-route pause was seen executed on the L2: the paused view is true. */
export function pauseConfirmedMessage(
  action: BreakerActionConfig,
  incident: IncidentSummary,
  route: string,
  routes: readonly RouteResult[],
  blockNumber: string,
  targetExplorer?: string,
): Announcement {
  const details = routeDetails(routes)
  const link = addressLink(targetExplorer, action.target.address)
  return {
    chain: action.chain,
    level: 'crit',
    title: `Breaker: pause confirmed on L2: ${action.name}`,
    lines: [
      targetLine(action, route),
      `${action.target.pausedView || 'paused view'} on ${action.target.address} returned true at L2 block ${blockNumber} (incident ${incident.id}, sent through L1).`,
      ...details.lines,
    ],
    facts: [...(details.facts ?? []), { label: 'L2 block', value: blockNumber }],
    links: [...(details.links ?? []), ...(link ? [{ label: 'target', url: link }] : [])],
  }
}

/** A pause or resume asked for from the chat that the breaker did not carry out, and why. */
export function manualRefusedMessage(action: BreakerActionConfig, title: string, by: readonly string[], why: string): Announcement {
  return { chain: action.chain, level: 'warn', title, lines: [`Requested by ${by.join(', approved by ')}.`, why] }
}
