import type { Address } from 'viem'
import type { ProofSystemObservation } from '../../types.js'
import { preBoldAlarm } from './readAssertions.js'

export interface ArbitrumProofSystemParameters {
  readonly rollup: Address
  /** A pre-BoLD rollup (node numbers); discoverArbitrumContracts tells. */
  readonly legacy: boolean
  readonly bridgeRollup?: Address
  readonly confirmPeriodBlocks: number
  /** maxTimeVariation().delayBlocks. */
  readonly delayBlocks: number
  /** buffer() of a delay-bufferable inbox: its configured maximum, threshold and what is left now. */
  readonly delayBuffer?: { readonly bufferBlocks: number; readonly max: number; readonly threshold: number }
  readonly l1Block: number
}

/**
 * Arbitrum's settlement rules as facts (pure): rollup kind and address, the challenge period and the force-inclusion
 * rule. Only configured values are facts (the buffer's current level moves with every late batch and is a detail),
 * so a change of any means a governance action or an upgrade. A pre-BoLD rollup is a crit: its assertions are not read.
 */
export function arbitrumProofSystem(parameters: ArbitrumProofSystemParameters): ProofSystemObservation {
  const { rollup, legacy, confirmPeriodBlocks, delayBlocks, delayBuffer, l1Block } = parameters
  const kind = legacy ? 'pre-BoLD' : 'BoLD'
  const effectiveDelay = delayBuffer ? Math.min(delayBlocks, delayBuffer.bufferBlocks) : delayBlocks
  const rule = delayBuffer
    ? `${delayBlocks} L1 blocks, delay buffer max ${delayBuffer.max} threshold ${delayBuffer.threshold}`
    : `${delayBlocks} L1 blocks, no delay buffer`
  return {
    family: legacy ? 'arbitrum-pre-bold' : 'arbitrum-bold',
    description:
      `${kind} rollup ${rollup}: challenge period ${confirmPeriodBlocks} L1 blocks; force inclusion after ${effectiveDelay} L1 blocks` +
      (delayBuffer ? ` (delay ${delayBlocks}, buffer ${delayBuffer.bufferBlocks} of ${delayBuffer.max})` : ''),
    facts: {
      rollup: `${rollup} (${kind})`,
      'challenge period': `${confirmPeriodBlocks} L1 blocks`,
      'force-inclusion delay': rule,
    },
    consequences: {
      rollup: 'assertions and withdrawal confirmations now follow the new rollup',
      'challenge period': 'pending withdrawals confirm on the new schedule',
      'force-inclusion delay': 'delayed messages become force-includable on the new schedule',
    },
    l1Block,
    ...(legacy ? { alarms: [preBoldAlarm(rollup, parameters.bridgeRollup)] } : {}),
    details: {
      rollupKind: kind,
      confirmPeriodBlocks,
      delayBlocks,
      forceInclusionDelayBlocks: effectiveDelay,
      ...(delayBuffer ? { bufferBlocks: delayBuffer.bufferBlocks } : {}),
    },
  }
}
