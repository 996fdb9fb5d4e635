import { expect, it } from 'vitest'
import type { ReplayReport } from '../../functions/replay/buildReplayReport.js'
import type { StackName } from '../../functions/config/schema.js'
import { bundledScenarioNames, loadScenario } from '../../functions/replay/loadScenario.js'
import { runReplay } from '../../functions/replay/runReplay.js'
import { expectHeld } from './expectHeld.js'

/** What a bundled scenario's expectations cannot say (the report's expectations have no "never" and no message text). */
const alsoAsserted: Record<string, (report: ReplayReport, slack: readonly string[]) => void> = {
  // Linea has no forced inclusion: the messages about its deliberate halt say so.
  'linea-2024-06-02': (_, slack) => expect(slack.some((text) => text.includes('Linea has no forced inclusion'))).toBe(true),
  // Finalization held, everything else normal: head and batch posting never leave ok.
  'scroll-2024-07-19': (report) => expect(report.checks.filter((timing) => ['liveness', 'sequencer-lag'].includes(timing.check))).toEqual([]),
}

/** The stacks of each incident test file: every bundled incident must fall in one (scenarios.test.ts checks). */
export const incidentFiles: readonly (readonly StackName[])[] = [['op-stack'], ['arbitrum'], ['zksync', 'scroll', 'linea', 'evm']]

/** The incident file a scenario's chains belong to, or undefined (its stacks are spread over several). */
export function incidentFileOf(stacks: readonly StackName[]): readonly StackName[] | undefined {
  return incidentFiles.find((group) => stacks.every((stack) => group.includes(stack)))
}

/**
 * One test per bundled incident scenario (not a quiet week) whose chains are all on these stacks, except `skip`:
 * every expectation holds, no false page, and what alsoAsserted adds. Each stack's incidents live in a file of their
 * own, so vitest's two workers share them.
 */
export function replayBundledIncidents(stacks: readonly StackName[], skip: readonly string[] = []): void {
  if (!incidentFiles.some((group) => group === stacks)) throw new Error('replayBundledIncidents: pass one of incidentFiles')
  const names = bundledScenarioNames().filter(
    (name) => !name.startsWith('quiet-7d-') && !skip.includes(name) && incidentFileOf(loadScenario(name).scenario.chains.map((chain) => chain.stack)) === stacks,
  )
  it('has bundled incidents to replay', () => expect(names.length).toBeGreaterThan(0))
  for (const name of names)
    it(name, async () => {
      const slack: string[] = []
      const report = await runReplay(loadScenario(name).scenario, { onSlackMessage: (text) => slack.push(text) })
      expectHeld(report)
      expect(report.falsePages).toEqual([])
      alsoAsserted[name]?.(report, slack)
    })
}
