import type { Address } from 'viem'
import type { ScenarioChain, ScenarioEvent } from './scenarioSchema.js'

/** One scenario chain's devnet, moved along the virtual clock by the replay. */
export interface ChainDriver {
  readonly name: string
  /** Earliest virtual time the timeline may start at (after the deployments' own block times). */
  readonly startTime: number
  /** The chain's entry of the generated watchtower config. */
  configInput(l2Urls?: readonly string[]): Record<string, unknown>
  /** A pausable contract on L1 for the breaker's shadow action. */
  readonly breakerTarget: Address
  /** Blocks, the first batch and root at the timeline's start t0. */
  begin(t0: number): Promise<void>
  /** Blocks, batches and roots due by virtual time t. */
  advanceTo(t: number): Promise<void>
  apply(event: ScenarioEvent, t: number): Promise<void>
  stop(): Promise<void>
}

export interface DriverOptions {
  /** Seeded jitter (block times, cadences) on, as the scenario's `jitter` says. */
  readonly jitter: boolean
  readonly seed: number
  /** The deepest reorg the scenario asks of this chain (the sampled runs grow with it). */
  readonly maxReorgDepth: number
}

/** A stack's driver factory, as the registry (replayDrivers) loads it. */
export type CreateDriver = (chain: ScenarioChain, options: DriverOptions) => Promise<ChainDriver>
