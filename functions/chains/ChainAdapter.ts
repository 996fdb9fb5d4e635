import type { ChainConfig } from '../config/schema.js'
import type { Observation } from '../types.js'

/** Turns one chain's RPC reads into an Observation. Never throws: failed reads are carried as readings. */
export interface ChainAdapter {
  readonly chain: ChainConfig
  observe(now: number): Promise<Observation>
}
