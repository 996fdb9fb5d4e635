import type { Address } from 'viem'
import type { ProofSystemObservation } from '../../types.js'

export interface ZksyncProofSystemParameters {
  /** The chain's diamond on L1. */
  readonly diamond: Address
  /** getSettlementLayer() when non-zero: the chain's batches settle there, not on L1. */
  readonly settlementLayer?: Address
  /** The chain's diamond on that layer, when it is followed through settlementRpc. */
  readonly settlementDiamond?: Address
  /** Whether a settlementRpc is configured to follow a settlement layer. */
  readonly followed: boolean
  readonly l1Block: number
}

/** The message (and the unknown readings' error) of a chain settling where no settlementRpc reaches. */
export const unfollowedSettlement = (layer: Address): string => `settles on ${layer}: configure settlementRpc to follow it`

/**
 * Where a ZK chain settles, as a fact (pure): L1, or the settlement layer getSettlementLayer() names (ZK Gateway).
 * A move warns for a day (batches, proofs and withdrawals go through another chain from then on); settling
 * where no settlementRpc reaches is a standing warning, its L1 readings unknown.
 */
export function zksyncProofSystem({ diamond, settlementLayer, settlementDiamond, followed, l1Block }: ZksyncProofSystemParameters): ProofSystemObservation {
  const description = !settlementLayer
    ? `settles on L1 (diamond ${diamond})`
    : followed
      ? `settles on ${settlementLayer} (chain diamond there ${settlementDiamond ?? 'not found'}, read through settlementRpc)`
      : `settlement layer ${settlementLayer} (not followed)`
  return {
    family: settlementLayer ? 'zksync-settlement-layer' : 'zksync-l1',
    description,
    facts: { 'settlement layer': settlementLayer ?? 'L1' },
    consequences: {
      'settlement layer': 'commits, proofs and executions land on the new layer from now on; withdrawals finalize through it',
    },
    l1Block,
    ...(settlementLayer && !followed ? { alarms: [{ severity: 'warn', message: unfollowedSettlement(settlementLayer) }] } : {}),
    details: { settlementLayer: settlementLayer ?? 'L1', ...(settlementDiamond ? { settlementDiamond } : {}) },
  }
}
