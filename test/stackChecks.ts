import type { StackName } from '../functions/config/schema.js'
import { type CheckName, checkNames, type Status } from '../functions/types.js'

/**
 * The checks a tick judges for one chain of each stack when everything it can read is there (every contract
 * configured or discovered, operators configured, a Nitro L2 for Arbitrum's l1-origin, one L2 RPC). A test
 * names what its chain lacks (`without`) or adds (`with`, e.g. rpc-divergence for several RPCs), so adding a check
 * to a stack is one edit here rather than in every test that lists a tick's verdicts.
 */
const applicable: Record<StackName, readonly CheckName[]> = {
  'op-stack': ['liveness', 'sequencer-lag', 'state-root-finality', 'rpc-unavailable', 'proof-system', 'state-root-validity', 'withdrawal-validity', 'reorg', 'l1-origin', 'operator-balance', 'throughput', 'deposits'],
  arbitrum: ['liveness', 'sequencer-lag', 'state-root-finality', 'rpc-unavailable', 'proof-system', 'state-root-validity', 'reorg', 'l1-origin', 'operator-balance', 'throughput', 'deposits'],
  zksync: ['liveness', 'sequencer-lag', 'state-root-finality', 'rpc-unavailable', 'proof-system', 'state-root-validity', 'reorg', 'operator-balance', 'throughput', 'deposits'],
  scroll: ['liveness', 'sequencer-lag', 'state-root-finality', 'rpc-unavailable', 'reorg', 'operator-balance', 'throughput', 'deposits'],
  // deposits with contracts.l2MessageService.
  linea: ['liveness', 'sequencer-lag', 'state-root-finality', 'rpc-unavailable', 'reorg', 'operator-balance', 'throughput', 'deposits'],
  evm: ['liveness', 'sequencer-lag', 'rpc-unavailable', 'reorg', 'throughput'],
}

export interface StackChecksOptions {
  /** Checks this chain does not get (no operators configured, an L2 RPC without Nitro fields, …). */
  readonly without?: readonly CheckName[]
  /** Checks it gets beyond the table (rpc-divergence with several L2 RPCs). */
  readonly with?: readonly CheckName[]
}

/** The stack's checks in the order a tick reports them (runChecks' registry order). */
export function stackChecks(stack: StackName, { without = [], with: extra = [] }: StackChecksOptions = {}): CheckName[] {
  const names = new Set<CheckName>([...applicable[stack].filter((name) => !without.includes(name)), ...extra])
  return checkNames.filter((name) => names.has(name))
}

/** The same as `check:status` strings, every check at one status (a healthy or an unreadable chain). */
export const stackStatuses = (stack: StackName, status: Status, options?: StackChecksOptions): string[] =>
  stackChecks(stack, options).map((check) => `${check}:${status}`)
