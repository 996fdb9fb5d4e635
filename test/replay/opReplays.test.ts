// OP Stack incidents replayed on devnets: base-2023-09-05 through the CLI (the acceptance), the rest in-process.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { ReplayReport } from '../../functions/replay/buildReplayReport.js'
import { runWatchtower } from '../cli/runWatchtower.js'
import { expectHeld } from './expectHeld.js'
import { incidentFiles, replayBundledIncidents } from './replayBundledIncidents.js'

const dir = mkdtempSync(join(tmpdir(), 'watchtower-replay-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('OP Stack incidents replay on devnets', { timeout: 600_000 }, () => {
  it('base-2023-09-05 through the CLI (--json): liveness crit alerted within 20 s of the crossing, the breaker would pause', async () => {
    const { code, stdout, stderr } = await runWatchtower(['replay', 'base-2023-09-05', '--json'], dir, 580_000)
    const report = JSON.parse(stdout) as ReplayReport
    expectHeld(report)
    const crit = report.checks.find((timing) => timing.check === 'liveness' && timing.status === 'crit')!
    expect(crit.latency).toBeLessThanOrEqual(20)
    expect(crit.crossedAt).toBeGreaterThan(30 * 60 + 60) // the halt at 30m, crit at 2 min without a new block
    expect(report.breaker.some((entry) => entry.decision === 'would-pause' && entry.at > 30 * 60 && entry.at < 59 * 60)).toBe(true)
    expect(report.falsePages).toEqual([])
    expect(code, stderr).toBe(0)
  })

  replayBundledIncidents(incidentFiles[0]!, ['base-2023-09-05'])
})
