import { KMSClient } from '@aws-sdk/client-kms'
import type { Hex, LocalAccount } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import type { BreakerSignerConfig } from '../config/breakerSchema.js'
import { WatchtowerError } from '../errors/WatchtowerError.js'
import { toKmsAccount } from './kms/toKmsAccount.js'

/**
 * Chain ids of public mainnets (L1 and the large L2s): a private key from an environment variable is refused on
 * them unless `allowMainnetKey: true`. Real money belongs behind KMS.
 */
export const knownMainnetChainIds: ReadonlySet<number> = new Set([
  1, // Ethereum
  10, // OP Mainnet
  8453, // Base
  42161, // Arbitrum One
  42170, // Arbitrum Nova
  324, // ZKsync Era
  534352, // Scroll
  59144, // Linea
  130, // Unichain
  480, // World Chain
  7777777, // Zora
  34443, // Mode
  81457, // Blast
  252, // Fraxtal
  57073, // Ink
  1135, // Lisk
  1868, // Soneium
  5000, // Mantle
  137, // Polygon PoS
  1101, // Polygon zkEVM
  56, // BNB Chain
  100, // Gnosis
  43114, // Avalanche C-Chain
])

export class BreakerSignerError extends WatchtowerError {
  override name = 'BreakerSignerError'
}

export interface BreakerSigner {
  readonly kind: 'kms' | 'private-key'
  /** KMS: calls GetPublicKey (each call: it is also the readiness probe); key: derives the account. */
  account(): Promise<LocalAccount>
  /** Throws when this signer may not sign for `chainId` (a private key on a known mainnet). */
  assertAllowedOn(chainId: number, label: string): void
  /** Human description without secrets: `KMS key arn:…` / `private key from $PAUSER_KEY`. */
  readonly description: string
}

export interface CreateSignerOptions {
  readonly env: Record<string, string | undefined>
  /** A KMS client to use instead of one built from the config (tests, custom credentials). */
  readonly kmsClient?: KMSClient
}

/** The region in a KMS key or alias ARN, e.g. `arn:aws:kms:eu-west-1:…`. */
export function regionOfKeyArn(keyId: string): string | undefined {
  return /^arn:aws[a-z-]*:kms:([a-z0-9-]+):/.exec(keyId)?.[1]
}

export function createSigner(config: BreakerSignerConfig, { env, kmsClient }: CreateSignerOptions): BreakerSigner {
  if ('kms' in config) {
    const { keyIdEnv, region, endpoint } = config.kms
    const keyIdOf = (): string => {
      const keyId = config.kms.keyId ?? (keyIdEnv ? env[keyIdEnv]?.trim() : undefined)
      if (!keyId) throw new BreakerSignerError(`environment variable ${keyIdEnv} (the breaker's KMS key id) is not set`)
      return keyId
    }
    let client = kmsClient
    const kms = (keyId: string) => {
      const resolvedRegion = region ?? regionOfKeyArn(keyId)
      client ??= new KMSClient({
        maxAttempts: 2,
        ...(resolvedRegion ? { region: resolvedRegion } : {}),
        ...(endpoint ? { endpoint } : {}),
      })
      return client
    }
    return {
      kind: 'kms',
      description: config.kms.keyId ? `KMS key ${config.kms.keyId}` : `KMS key from $${keyIdEnv}`,
      async account() {
        const keyId = keyIdOf()
        return toKmsAccount(kms(keyId), { keyId })
      },
      assertAllowedOn: () => {},
    }
  }
  const { privateKeyEnv, allowMainnetKey } = config
  return {
    kind: 'private-key',
    description: `private key from $${privateKeyEnv}`,
    async account() {
      const raw = env[privateKeyEnv]?.trim()
      if (!raw) throw new BreakerSignerError(`environment variable ${privateKeyEnv} (the breaker's private key) is not set`)
      const key = (raw.startsWith('0x') ? raw : `0x${raw}`) as Hex
      if (!/^0x[0-9a-fA-F]{64}$/.test(key))
        throw new BreakerSignerError(`environment variable ${privateKeyEnv} does not hold a 32-byte hex private key`)
      return privateKeyToAccount(key)
    },
    assertAllowedOn(chainId, label) {
      if (!allowMainnetKey && knownMainnetChainIds.has(chainId))
        throw new BreakerSignerError(`refusing to sign for ${label} (chain id ${chainId}, a mainnet) with a private key from $${privateKeyEnv}`, {
          details: 'use signer.kms, or set signer.allowMainnetKey: true if you really mean it',
        })
    },
  }
}
