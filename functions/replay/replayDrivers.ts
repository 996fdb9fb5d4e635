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
}
