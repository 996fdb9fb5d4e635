// One row per stack the replay can drive: how to load its driver (lazily: devnet code lives under test/ and needs
// the dev dependencies) and the events its devnet can express. runReplay starts drivers through it; replayProblems
// refuses, before any devnet starts, a stack without a row and an event its row does not list.
import type { StackName } from '../config/schema.js'
import type { CreateDriver } from './ChainDriver.js'
import { cadenceEvents, sampledL2Events, transactionEvents } from './replayCoreEvents.js'
import type { EventName } from './scenarioSchema.js'

export interface ReplayDriverRow {
  load(): Promise<CreateDriver>
  /** Every event a scenario may use on this stack: the core's it supports plus the stack's own. */
  readonly events: readonly EventName[]
}

const withoutRootInvalid = cadenceEvents.filter((event) => event !== 'root-invalid')

export const replayDrivers: Partial<Record<StackName, ReplayDriverRow>> = {
  'op-stack': {
    load: async () => (await import('./createOpStackDriver.js')).createOpStackDriver,
    events: [...sampledL2Events, ...cadenceEvents, ...transactionEvents, 'l1-origin-freeze', 'l1-origin-resume', 'game-type-switch', 'balance-drain', 'deposit-stuck', 'deposit-resume'],
  },
  arbitrum: {
    load: async () => (await import('./createArbitrumDriver.js')).createArbitrumDriver,
    events: [...sampledL2Events, ...cadenceEvents, ...transactionEvents, 'balance-drain', 'deposit-stuck', 'deposit-resume'],
  },
  evm: {
    load: async () => (await import('./createEvmDriver.js')).createEvmDriver,
    events: [...sampledL2Events, ...transactionEvents],
  },
  // root-invalid: a committed batch root the L2's zks_getL1BatchDetails does not report (state-root-validity);
  // deposit-stuck: priority transactions the operator's commits leave out until deposit-resume.
  zksync: {
    load: async () => (await import('./createZksyncDriver.js')).createZksyncDriver,
    events: [...sampledL2Events, ...cadenceEvents, ...transactionEvents, 'balance-drain', 'deposit-stuck', 'deposit-resume'],
  },
  // No root-invalid: a bundle is finalized with its validity proof, and nothing reads a Scroll root against the L2.
  // deposit-stuck: an L1MessageQueueV2 message the sequencer leaves out (and every later one) until deposit-resume.
  scroll: {
    load: async () => (await import('./createScrollDriver.js')).createScrollDriver,
    events: [...sampledL2Events, ...withoutRootInvalid, ...transactionEvents, 'balance-drain', 'deposit-stuck', 'deposit-resume'],
  },
  // No root-invalid: a finalization carries its proof. deposit-stuck: an L1→L2 message the coordinator does not
  // anchor on the L2 (and every later one) until deposit-resume.
  linea: {
    load: async () => (await import('./createLineaDriver.js')).createLineaDriver,
    events: [...sampledL2Events, ...withoutRootInvalid, ...transactionEvents, 'balance-drain', 'deposit-stuck', 'deposit-resume'],
  },
}
