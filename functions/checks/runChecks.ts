import type { Observation, Verdict } from '../types.js'
import { boundVerdict } from './boundVerdict.js'
import type { Thresholds } from './defaultThresholds.js'
import { liveness } from './liveness.js'
import { operatorBalance } from './operatorBalance.js'
import { proofSystem } from './proofSystem.js'
import { throughput } from './throughput.js'
import { deposits } from './deposits.js'
import { l1Origin } from './l1Origin.js'
import { reorg } from './reorg.js'
import { rpcDivergence } from './rpcDivergence.js'
import { rpcUnavailable } from './rpcUnavailable.js'
import { sequencerLag } from './sequencerLag.js'
import { stateRootValidity } from './stateRootValidity.js'
import { stateRootFinality } from './stateRootFinality.js'
import { withdrawalValidity } from './withdrawalValidity.js'

/** The check registry: every check is pure and may return undefined where it does not apply to the stack. */
export const checks = [liveness, sequencerLag, stateRootFinality, rpcUnavailable, rpcDivergence, proofSystem, stateRootValidity, withdrawalValidity, reorg, l1Origin, operatorBalance, throughput, deposits] as const

export function runChecks(observation: Observation, thresholds: Thresholds, now: number): Verdict[] {
  return checks
    .map((check) => check(observation, thresholds, now))
    .filter((v): v is Verdict => v !== undefined)
    .map(boundVerdict)
}
