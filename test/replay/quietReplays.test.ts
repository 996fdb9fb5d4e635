// The bundled quiet weeks (quiet-7d-<stack>): seven ordinary days replayed on devnets must page nobody. A file of
// their own, so vitest's second worker runs them beside the incident replays.
import { describe, expect, it } from 'vitest'
import { bundledScenarioNames, loadScenario } from '../../functions/replay/loadScenario.js'
import { replayDrivers } from '../../functions/replay/replayDrivers.js'
import { runReplay } from '../../functions/replay/runReplay.js'
import { expectHeld } from './expectHeld.js'

describe('quiet weeks replay on devnets with zero pages', { timeout: 600_000 }, () => {
  const quiet = bundledScenarioNames().filter((name) => name.startsWith('quiet-7d-'))

  it('there is one per driven stack', () => {
    expect(quiet).toEqual(expect.arrayContaining(Object.keys(replayDrivers).map((stack) => `quiet-7d-${stack}`)))
  })

  for (const name of quiet)
    it(name, async () => {
      const report = await runReplay(loadScenario(name).scenario)
      expectHeld(report)
      expect(report.pages).toEqual({ slack: 0, telegram: 0 })
      expect(report.falsePages).toEqual([])
    })
})
