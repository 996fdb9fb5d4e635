import { BlockNotFoundError, type Hex, type PublicClient } from 'viem'
import type { StateRootValidityObservation } from '../../types.js'
import type { SuperRoot } from './decodeSuperRoot.js'
import { type BlockTimeMemo, findBlockAtTimestamp } from './findBlockAtTimestamp.js'
import { L2BlockMissingError, verifyOutputRoot } from './verifyOutputRoot.js'

/** A configured OP Stack chain that may be part of a super root's dependency set. */
export interface SuperchainMember {
  readonly name: string
  readonly chainId: bigint
  /** Every configured L2 endpoint of the chain: they must agree before a mismatch counts. */
  readonly clients: readonly PublicClient[]
  readonly memo: BlockTimeMemo
}

export interface VerifySuperRootParameters {
  readonly subject: string
  readonly rootClaim: Hex
  readonly superRoot: SuperRoot
  readonly members: readonly SuperchainMember[]
}

/**
 * Checks each output root inside a super root on the chain it names: the block at the super root's timestamp,
 * recomputed on every endpoint. One mismatching chain makes the super root invalid even when other chains of the
 * dependency set are not configured; a super root is only `match` when every chain of its set was checked.
 */
export async function verifySuperRoot({ subject, rootClaim, superRoot, members }: VerifySuperRootParameters): Promise<StateRootValidityObservation> {
  const byId = new Map(members.map((member) => [member.chainId, member]))
  const checked = await Promise.all(
    superRoot.outputs
      .filter((output) => byId.has(output.chainId))
      .map(async (output) => {
        const member = byId.get(output.chainId)!
        const l2Block = await findBlockAtTimestamp(member.clients[0]!, { timestamp: superRoot.timestamp, memo: member.memo }).catch((error: unknown) => {
          if (error instanceof BlockNotFoundError) throw new L2BlockMissingError(undefined, error, `${member.name} has no block at L2 time ${superRoot.timestamp}`)
          throw error
        })
        const result = await verifyOutputRoot({ clients: member.clients, subject: `${subject}, ${member.name} (chain ${output.chainId})`, l2Block, rootClaim: output.outputRoot })
        return { member, result }
      }),
  )
  const missing = superRoot.outputs.filter((output) => !byId.has(output.chainId)).map((output) => output.chainId)
  const worst = (['mismatch', 'disagree', 'unverifiable'] as const).map((outcome) => checked.find(({ result }) => result.outcome === outcome)).find(Boolean)
  if (worst) return worst.result
  const names = checked.map(({ member }) => member.name).join(', ')
  const at = `at L2 time ${superRoot.timestamp}`
  if (missing.length > 0)
    return {
      subject: `${subject} ${at}`,
      claimed: rootClaim,
      outcome: 'unverifiable',
      detail: `chain ${missing.join(', ')} of its dependency set ${missing.length === 1 ? 'is' : 'are'} not configured here${names ? ` (${names} ${checked.length === 1 ? 'matches' : 'match'})` : ''}; add every chain of the set to verify it`,
    }
  return { subject: `${subject} ${at} (${names})`, claimed: rootClaim, computed: rootClaim, outcome: 'match' }
}
