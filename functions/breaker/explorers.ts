/** Explorer base URLs by chain id, for links when the config names none. */
const knownExplorers: ReadonlyMap<number, string> = new Map([
  [1, 'https://etherscan.io'],
  [11155111, 'https://sepolia.etherscan.io'],
  [17000, 'https://holesky.etherscan.io'],
  [560048, 'https://hoodi.etherscan.io'],
  [10, 'https://optimistic.etherscan.io'],
  [8453, 'https://basescan.org'],
  [42161, 'https://arbiscan.io'],
  [42170, 'https://nova.arbiscan.io'],
  [324, 'https://era.zksync.network'],
  [534352, 'https://scrollscan.com'],
  [59144, 'https://lineascan.build'],
  [130, 'https://uniscan.xyz'],
])

export function explorerForChainId(chainId: number | undefined): string | undefined {
  return chainId === undefined ? undefined : knownExplorers.get(chainId)
}

export function txLink(explorer: string | undefined, hash: string): string | undefined {
  return explorer ? `${explorer.replace(/\/+$/, '')}/tx/${hash}` : undefined
}

export function addressLink(explorer: string | undefined, address: string): string | undefined {
  return explorer ? `${explorer.replace(/\/+$/, '')}/address/${address}` : undefined
}
