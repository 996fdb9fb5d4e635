import { expect } from 'vitest'
import type { ReplayReport } from '../../functions/replay/buildReplayReport.js'

/** Every expectation of a replayed scenario holds (each failure names the expectation and why). */
export function expectHeld(report: ReplayReport): void {
  for (const result of report.expectations) expect(result, `${result.expectation}: ${result.detail}`).toMatchObject({ met: true })
  expect(report.ok).toBe(true)
}
