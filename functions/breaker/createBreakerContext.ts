import { parseGwei } from 'viem'
import type { BreakerMode } from '../config/breakerSchema.js'
import type { BreakerContext } from './BreakerContext.js'
import { createBreakerStore } from './breakerStore.js'
import { RiskConfirmer } from './confirmRisk.js'
import type { CreateBreakerParameters } from './createBreaker.js'
import { EndpointClients } from './endpoints.js'
import { realSendClock, type SendClock, type SendSettings } from './sendTransaction.js'
import { createSigner } from './signer.js'

/** A claimed incident whose tick died before recording an outcome is taken over after this long. */
const CLAIM_LEASE_SECONDS = 600

/** The breaker's shared context from its parameters: defaults of `breaker.send` and `readiness` applied once. */
export function createBreakerContext(parameters: CreateBreakerParameters): BreakerContext {
  const { config, env = process.env } = parameters
  const breaker = config.breaker
  const mode: BreakerMode = breaker?.mode ?? 'off'
  const send = breaker?.send
  const sendClock = parameters.sendClock ?? realSendClock
  const settings: SendSettings & { clock: SendClock } = {
    receiptTimeoutSeconds: send?.receiptTimeoutSeconds ?? 30,
    maxReplacements: send?.maxReplacements ?? 1,
    feeBumpPercent: send?.feeBumpPercent ?? 30,
    feeHeadroomPercent: send?.feeHeadroomPercent ?? 100,
    ...(send?.maxFeeGwei !== undefined ? { maxFeeGwei: send.maxFeeGwei } : {}),
    pollIntervalMs: parameters.pollIntervalMs ?? 1000,
    clock: sendClock,
  }
  const maxAttempts = send?.maxAttempts ?? 3
  return {
    config,
    mode,
    actions: breaker?.actions ?? [],
    store: createBreakerStore(parameters.dynamo, parameters.tableName),
    clients: new EndpointClients(),
    confirmer: new RiskConfirmer(parameters.createAdapter ? { createAdapter: parameters.createAdapter } : {}),
    signer: breaker?.signer ? createSigner(breaker.signer, { env, ...(parameters.kmsClient ? { kmsClient: parameters.kmsClient } : {}) }) : undefined,
    settings,
    maxAttempts,
    retrySeconds: send?.retrySeconds ?? 300,
    claimLeaseSeconds: CLAIM_LEASE_SECONDS,
    rebumpAfterSeconds: settings.receiptTimeoutSeconds * (settings.maxReplacements + 1),
    maxTotalReplacements: settings.maxReplacements * maxAttempts,
    maxFeePerGasCap: settings.maxFeeGwei !== undefined ? parseGwei(String(settings.maxFeeGwei)) : undefined,
    readinessEveryTicks: breaker?.readiness.everyTicks ?? 5,
    minBalance: breaker?.readiness.minBalance ?? '0.01',
    l1Explorer: breaker?.l1Explorer,
    clock: parameters.clock ?? (() => Math.floor(Date.now() / 1000)),
    sendClock,
    outbox: parameters.outbox,
    write: parameters.log === undefined ? (line: string) => console.log(line) : parameters.log,
  }
}
