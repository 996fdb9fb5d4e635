import type { BreakerActionConfig, BreakerConfig, BreakerMode } from '../config/breakerSchema.js'
import type { ChainConfig, WatchtowerConfig } from '../config/schema.js'
import type { BreakerAnnouncement } from '../alerts/OutboxEntry.js'
import type { BreakerStore } from './breakerStore.js'
import type { RiskConfirmer } from './confirmRisk.js'
import type { EndpointClients } from './endpoints.js'
import type { SendClock, SendSettings } from './sendTransaction.js'
import type { BreakerSigner } from './signer.js'

/** The parts of the watchtower config the breaker reads (structural, so it works with or without `breaker` typed in). */
export interface BreakerHostConfig {
  readonly chains: readonly ChainConfig[]
  readonly notify?: WatchtowerConfig['notify']
  readonly breaker?: BreakerConfig | undefined
}

/** The outbox as the breaker writes it (structural: functions/alerts/createOutbox.ts provides it). */
export interface BreakerOutbox {
  enqueue(parameters: {
    readonly id: string
    readonly chain: string
    readonly message: { readonly kind: 'breaker'; readonly announcement: BreakerAnnouncement }
    readonly now: number
    readonly expirySeconds: number
  }): Promise<unknown>
}

/**
 * What every step of the breaker's executor shares, built once by createBreaker: the config, the store, the RPC
 * clients, the signer and the settings derived from `breaker.send`. Each step (fire, reconcile, rebump,
 * confirmOnL2, resumeAction, …) takes it as its first argument; nothing is held in closures.
 */
export interface BreakerContext {
  readonly config: BreakerHostConfig
  readonly mode: BreakerMode
  readonly actions: readonly BreakerActionConfig[]
  readonly store: BreakerStore
  /** One viem client per endpoint, for the life of the breaker. */
  readonly clients: EndpointClients
  /** The per-RPC re-observation ("two RPCs agree"). */
  readonly confirmer: RiskConfirmer
  readonly signer: BreakerSigner | undefined
  /** `breaker.send` with its defaults; its `clock` is `sendClock`. */
  readonly settings: SendSettings & { readonly clock: SendClock }
  readonly maxAttempts: number
  readonly retrySeconds: number
  /** A claimed incident whose tick died before recording an outcome is taken over after this long. */
  readonly claimLeaseSeconds: number
  /** A `pending` pause is re-bumped by a later tick once it has gone unmined this long since its last send… */
  readonly rebumpAfterSeconds: number
  /** … while its route holds fewer replacements than this (in-tick and later ones together; 0 disables it). */
  readonly maxTotalReplacements: number
  /** maxFeeGwei in wei. */
  readonly maxFeePerGasCap: bigint | undefined
  /** Readiness runs on one tick in this many (armed mode). */
  readonly readinessEveryTicks: number
  /** Signer balance floor where the action sets none (ether). */
  readonly minBalance: string
  readonly l1Explorer: string | undefined
  /** Unix seconds; for commands (resume, status, test). Ticks pass their own `now`. */
  readonly clock: () => number
  /** Wall time of sending: send times, receipt waits and a pending pause's age. */
  readonly sendClock: SendClock
  /** None: announcements are logged only. */
  readonly outbox: BreakerOutbox | undefined
  /** Console line writer for announcements; false for none. */
  readonly write: ((line: string) => void) | false
}
