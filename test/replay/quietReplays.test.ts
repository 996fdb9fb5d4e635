// The bundled quiet weeks (quiet-7d-<stack>): seven ordinary days replayed on devnets must page nobody. Half of
// them here, the other half in quietReplaysMore.test.ts (see replayQuietWeeks).
import { describe, expect, it } from 'vitest'
import { bundledScenarioNames } from '../../functions/replay/loadScenario.js'
import { replayDrivers } from '../../functions/replay/replayDrivers.js'
import { quietWeekFiles, replayQuietWeeks } from './replayQuietWeeks.js'

describe('quiet weeks replay on devnets with zero pages', { timeout: 600_000 }, () => {
  it('there is one per driven stack, and each is replayed by one of the two files', () => {
    const quiet = bundledScenarioNames().filter((name) => name.startsWith('quiet-7d-'))
    expect(quiet).toEqual(expect.arrayContaining(Object.keys(replayDrivers).map((stack) => `quiet-7d-${stack}`)))
    expect(quietWeekFiles.flat().map((stack) => `quiet-7d-${stack}`).sort()).toEqual([...quiet].sort())
  })

  replayQuietWeeks(quietWeekFiles[0]!)
})
