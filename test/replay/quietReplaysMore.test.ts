// The other half of the bundled quiet weeks (see quietReplays.test.ts and replayQuietWeeks).
import { describe } from 'vitest'
import { quietWeekFiles, replayQuietWeeks } from './replayQuietWeeks.js'

describe('quiet weeks replay on devnets with zero pages (continued)', { timeout: 600_000 }, () => {
  replayQuietWeeks(quietWeekFiles[1]!)
})
