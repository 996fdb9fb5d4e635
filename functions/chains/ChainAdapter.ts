import type { ChainConfig } from '../config/schema.js'
import type { Observation } from '../types.js'

/** What the tick knows from the store before a chain is read (the head memory). */
export interface ObserveContext {
  /** Heights to re-read in the L2 head batch: the latest/safe/finalized heads seen before (reorg). */
  readonly recheck?: readonly bigint[]
}

/** Turns one chain's RPC reads into an Observation. Never throws: failed reads are carried as readings. */
export interface ChainAdapter {
  readonly chain: ChainConfig
  observe(now: number, context?: ObserveContext): Promise<Observation>
}
