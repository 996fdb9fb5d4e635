import { BaseSequencer, type TestSpecification } from 'vitest/node'
import { defineConfig } from 'vitest/config'

/**
 * The files that take minutes (devnet replays, CLI runs), longest first. Without a results cache (a fresh clone,
 * CI) vitest starts the largest files first, and these small files came last: one of them was the suite's tail.
 */
const slowFirst = [
  'test/replay/quietReplaysMore.test.ts',
  'test/replay/quietReplays.test.ts',
  'test/replay/opReplays.test.ts',
  'test/replay/zkReplays.test.ts',
  'test/replay/arbitrumReplays.test.ts',
  'test/cli/stateDirCommands.test.ts',
  'test/cli/checkCommand.test.ts',
]

class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files)
    const rank = (spec: TestSpecification) => {
      const index = slowFirst.findIndex((path) => spec.moduleId.endsWith(path))
      return index === -1 ? slowFirst.length : index
    }
    return sorted.map((spec, i) => ({ spec, i })).sort((a, b) => rank(a.spec) - rank(b.spec) || a.i - b.i).map(({ spec }) => spec)
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Each file starts its own anvil nodes and servers on loopback; two cores, so two workers.
    maxWorkers: 2,
    sequence: { sequencer: SlowFirstSequencer },
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
})
