import { replayDrivers } from './replayDrivers.js'
import type { Scenario } from './scenarioSchema.js'

/**
 * Problems that stop a scenario before any devnet starts, beyond the schema's: a stack the replay has no driver for,
 * an event the chain's stack cannot express (its registry row does not list it).
 */
export function replayProblems(scenario: Scenario): { path: string; message: string }[] {
  const driven = Object.keys(replayDrivers).join(', ')
  const problems = scenario.chains.flatMap((chain, i) => {
    const row = replayDrivers[chain.stack]
    if (!row) return [{ path: `chains[${i}].stack`, message: `replay drives ${driven} devnets so far, not ${chain.stack}` }]
    // A stack whose devnet posts batches / roots needs their cadence.
    return (
      [
        ['batchEvery', 'batches-stop', 'batches'],
        ['rootEvery', 'roots-stop', 'state roots'],
      ] as const
    ).flatMap(([key, event, what]) =>
      row.events.includes(event) && chain[key] === undefined ? [{ path: `chains[${i}].${key}`, message: `${chain.stack} posts ${what} to L1: set ${key}` }] : [],
    )
  })
  scenario.events.forEach((event, i) => {
    const stack = scenario.chains.find((chain) => chain.name === event.chain)?.stack
    const row = stack && replayDrivers[stack]
    if (row && !row.events.includes(event.do)) problems.push({ path: `events[${i}].do`, message: `${event.do} cannot be replayed on ${stack} (its devnet expresses ${row.events.join(', ')})` })
  })
  return problems
}
