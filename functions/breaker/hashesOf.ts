import type { Hex } from 'viem'
import type { RouteResult } from './types.js'

/** Every transaction hash the routes sent, in order. */
export function hashesOf(routes: readonly RouteResult[]): Hex[] {
  return routes.flatMap((r) => r.transactions.map((t) => t.hash))
}
