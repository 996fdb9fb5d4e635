import { expect, it } from 'vitest'
import type { StackName } from '../../functions/config/schema.js'
import { loadScenario } from '../../functions/replay/loadScenario.js'
import { runReplay } from '../../functions/replay/runReplay.js'
import { expectHeld } from './expectHeld.js'

/**
 * The quiet weeks in two files of about equal cost (the slow drivers apart), so vitest's two workers share them and
 * neither file is the suite's tail. quietReplays.test.ts checks that every driven stack is in one.
 */
export const quietWeekFiles: readonly (readonly StackName[])[] = [
  ['op-stack', 'scroll', 'evm'],
  ['arbitrum', 'zksync', 'linea'],
]

/** One test per stack: seven ordinary days on its devnets page nobody. */
export function replayQuietWeeks(stacks: readonly StackName[]): void {
  for (const stack of stacks)
    it(`quiet-7d-${stack}`, async () => {
      const report = await runReplay(loadScenario(`quiet-7d-${stack}`).scenario)
      expectHeld(report)
      expect(report.pages).toEqual({ slack: 0, telegram: 0 })
      expect(report.falsePages).toEqual([])
    })
}
