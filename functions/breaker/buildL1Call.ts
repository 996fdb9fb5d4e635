import { concat, encodeFunctionData, type Address, type Hex } from 'viem'
import { ARBITRUM_SIGNED_TX_KIND, arbitrumInboxAbi, optimismPortalAbi } from './inboxAbis.js'
import type { Call, SignedTransaction } from './sendTransaction.js'

export interface BuildL1CallParameters {
  readonly kind: 'op-deposit' | 'arbitrum-inbox'
  /** The OptimismPortal or Inbox. */
  readonly inbox: Address
  /** The call to make on L2. */
  readonly call: Call
  /** op-deposit: the deposit's L2 gas limit. */
  readonly l2Gas: bigint
  /** arbitrum-inbox: the signed L2 transaction the message carries. */
  readonly presigned?: SignedTransaction
}

/**
 * The L1 transaction that carries a call to L2: OptimismPortal.depositTransaction, or Inbox.sendL2Message with
 * the signed L2 transaction (whose hash is then known before sending). Undefined: Arbitrum with nothing signed.
 */
export function buildL1Call(params: BuildL1CallParameters): { call: Call; l2TransactionHash?: Hex } | undefined {
  const { kind, inbox, call, l2Gas, presigned } = params
  if (kind === 'arbitrum-inbox') {
    if (!presigned) return undefined
    const data = encodeFunctionData({ abi: arbitrumInboxAbi, functionName: 'sendL2Message', args: [concat([ARBITRUM_SIGNED_TX_KIND, presigned.serialized])] })
    return { call: { to: inbox, data }, l2TransactionHash: presigned.hash }
  }
  const data = encodeFunctionData({
    abi: optimismPortalAbi,
    functionName: 'depositTransaction',
    args: [call.to, call.value ?? 0n, l2Gas, false, call.data],
  })
  return { call: { to: inbox, data } }
}
