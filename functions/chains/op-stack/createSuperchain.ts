import type { PublicClient } from 'viem'
import { getChainId } from 'viem/actions'
import { createL2Reader } from '../createL2Reader.js'
import type { SuperchainMember } from './verifySuperRoot.js'

/** Another configured OP Stack chain: a super root's output for it is checked on its own L2 endpoints. */
export interface SuperchainPeer {
  readonly name: string
  readonly l2Rpc: readonly string[]
  readonly rpcTimeoutMs?: number | undefined
}

/**
 * The chains a super root can be checked on: this one and every other configured OP Stack chain. Their clients
 * and chain IDs (`eth_chainId`, once each) are made only when the first super-root game lands.
 */
export function createSuperchain({ name, clients, peers }: { readonly name: string; readonly clients: readonly PublicClient[]; readonly peers: readonly SuperchainPeer[] }): () => Promise<readonly SuperchainMember[]> {
  let members: Promise<readonly SuperchainMember[]> | undefined
  const member = async (memberName: string, memberClients: readonly PublicClient[]): Promise<SuperchainMember> => ({
    name: memberName,
    chainId: BigInt(await getChainId(memberClients[0]!)),
    clients: memberClients,
    memo: {},
  })
  return () => {
    members ??= Promise.all([member(name, clients), ...peers.map((peer) => member(peer.name, createL2Reader(peer).clients))])
    // A peer that cannot say its chain ID now is asked again with the next super-root game.
    members.catch(() => (members = undefined))
    return members
  }
}
