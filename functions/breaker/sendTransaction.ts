import {
  type Address,
  BaseError,
  type Hash,
  type Hex,
  keccak256,
  type LocalAccount,
  parseGwei,
  type PublicClient,
  type TransactionReceipt,
  TransactionReceiptNotFoundError,
} from 'viem'
import { WatchtowerError } from '../errors/WatchtowerError.js'
import { describeError } from '../rpc/describeError.js'
import { describeRevert, isRevertError } from './decodeRevert.js'
import type { SentTransaction } from './types.js'

export interface SendSettings {
  readonly receiptTimeoutSeconds: number
  readonly maxReplacements: number
  readonly feeBumpPercent: number
  readonly feeHeadroomPercent: number
  readonly maxFeeGwei?: number
  /** Receipt polling interval. */
  readonly pollIntervalMs: number
  /** Wall time of sending (default the real clock): send times (`sentAt`) and the waits between receipt polls. */
  readonly clock?: SendClock
}

/** Wall time as sending sees it; tests pass a virtual one, so no wait races real time. */
export interface SendClock {
  /** Milliseconds since the epoch. */
  readonly now: () => number
  readonly sleep: (ms: number) => Promise<void>
}

export const realSendClock: SendClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
}

export interface Call {
  readonly to: Address
  readonly data: Hex
  readonly value?: bigint
}

export interface Fees {
  readonly maxFeePerGas: bigint
  readonly maxPriorityFeePerGas: bigint
}

/** The call would revert: nothing was (or will be) sent. `reason` is decoded where the error is known. */
export class SimulationRevertedError extends WatchtowerError {
  override name = 'SimulationRevertedError'
  readonly reason: string
  constructor(what: string, reason: string, cause?: unknown) {
    super(`${what} would revert: ${reason}`, { cause })
    this.reason = reason
  }
}

/**
 * eth_estimateGas from the signer: the simulation and the gas estimate in one request. A revert becomes a
 * SimulationRevertedError with the decoded reason; an RPC failure is rethrown as is.
 */
export async function simulateCall(client: PublicClient, from: Address, call: Call, what = 'the call'): Promise<bigint> {
  try {
    return await client.estimateGas({ account: from, to: call.to, data: call.data, ...(call.value ? { value: call.value } : {}) })
  } catch (error) {
    if (isRevertError(error)) throw new SimulationRevertedError(what, describeRevert(error), error)
    throw error
  }
}

/** Gas limit with headroom over an estimate: +30 %, never below 21k. */
export function withGasHeadroom(estimate: bigint): bigint {
  const padded = (estimate * 13n) / 10n
  return padded < 21_000n ? 21_000n : padded
}

/**
 * EIP-1559 fees with headroom: the node's priority fee suggestion (eth_maxPriorityFeePerGas, else 1 gwei), and
 * maxFeePerGas = baseFee × (1 + headroom %) + priority, capped at maxFeeGwei.
 */
export async function suggestFees(client: PublicClient, settings: Pick<SendSettings, 'feeHeadroomPercent' | 'maxFeeGwei'>): Promise<Fees> {
  const block = await client.getBlock({ blockTag: 'latest' })
  const baseFee = block.baseFeePerGas ?? 0n
  let priority: bigint
  try {
    priority = BigInt(await client.request({ method: 'eth_maxPriorityFeePerGas' }))
  } catch {
    priority = parseGwei('1')
  }
  if (priority === 0n) priority = 1n
  let maxFee = (baseFee * BigInt(100 + settings.feeHeadroomPercent)) / 100n + priority
  if (settings.maxFeeGwei !== undefined) {
    const cap = parseGwei(String(settings.maxFeeGwei))
    if (maxFee > cap) maxFee = cap
    if (priority > maxFee) priority = maxFee
  }
  return { maxFeePerGas: maxFee, maxPriorityFeePerGas: priority }
}

/** Both fee fields raised by `percent` (and at least 1 wei), as a same-nonce replacement needs. */
export function bumpFees(fees: Fees, percent: number, floor?: Fees, maxFeeGwei?: number): Fees {
  const bump = (value: bigint) => {
    const raised = (value * BigInt(100 + percent) + 99n) / 100n
    return raised > value ? raised : value + 1n
  }
  let maxFeePerGas = bump(fees.maxFeePerGas)
  let maxPriorityFeePerGas = bump(fees.maxPriorityFeePerGas)
  if (floor && floor.maxFeePerGas > maxFeePerGas) maxFeePerGas = floor.maxFeePerGas
  if (floor && floor.maxPriorityFeePerGas > maxPriorityFeePerGas) maxPriorityFeePerGas = floor.maxPriorityFeePerGas
  if (maxFeeGwei !== undefined) {
    const cap = parseGwei(String(maxFeeGwei))
    if (maxFeePerGas > cap) maxFeePerGas = cap
  }
  if (maxPriorityFeePerGas > maxFeePerGas) maxPriorityFeePerGas = maxFeePerGas
  return { maxFeePerGas, maxPriorityFeePerGas }
}

export interface SignedTransaction {
  readonly serialized: Hex
  readonly hash: Hash
  readonly nonce: number
  readonly gas: bigint
  readonly fees: Fees
}

/** Signs an EIP-1559 transaction (KMS or local key) without sending it. */
export async function signCall(
  account: LocalAccount,
  params: { chainId: number; call: Call; gas: bigint; nonce: number; fees: Fees },
): Promise<SignedTransaction> {
  const serialized = await account.signTransaction({
    type: 'eip1559',
    chainId: params.chainId,
    nonce: params.nonce,
    to: params.call.to,
    data: params.call.data,
    value: params.call.value ?? 0n,
    gas: params.gas,
    maxFeePerGas: params.fees.maxFeePerGas,
    maxPriorityFeePerGas: params.fees.maxPriorityFeePerGas,
  })
  return { serialized, hash: keccak256(serialized), nonce: params.nonce, gas: params.gas, fees: params.fees }
}

export function toSent(signed: SignedTransaction, clock: SendClock = realSendClock): SentTransaction {
  return {
    hash: signed.hash,
    maxFeePerGas: signed.fees.maxFeePerGas.toString(),
    maxPriorityFeePerGas: signed.fees.maxPriorityFeePerGas.toString(),
    sentAt: Math.floor(clock.now() / 1000),
  }
}

async function receiptOf(client: PublicClient, hash: Hash): Promise<TransactionReceipt | undefined> {
  try {
    return await client.getTransactionReceipt({ hash })
  } catch (error) {
    if (error instanceof BaseError && error.walk((e) => e instanceof TransactionReceiptNotFoundError)) return undefined
    if (error instanceof TransactionReceiptNotFoundError) return undefined
    throw error
  }
}

/** The receipt of whichever of `hashes` was mined, if any. */
export async function findReceipt(client: PublicClient, hashes: readonly Hash[]): Promise<TransactionReceipt | undefined> {
  const receipts = await Promise.all(hashes.map((hash) => receiptOf(client, hash).catch(() => undefined)))
  return receipts.find((receipt) => receipt !== undefined)
}

/** Polls for a receipt of any of `hashes` until `timeoutMs` passes. */
export async function waitForAnyReceipt(
  client: PublicClient,
  hashes: readonly Hash[],
  timeoutMs: number,
  pollIntervalMs: number,
  clock: SendClock = realSendClock,
): Promise<TransactionReceipt | undefined> {
  const deadline = clock.now() + timeoutMs
  for (;;) {
    const receipt = await findReceipt(client, hashes)
    if (receipt) return receipt
    const left = deadline - clock.now()
    if (left <= 0) return undefined
    await clock.sleep(Math.min(pollIntervalMs, left))
  }
}

/** The node already holds exactly this transaction: as good as accepted. */
function isAlreadyKnown(error: unknown): boolean {
  return /already known|known transaction|already imported|AlreadyKnown/i.test(describeError(error))
}

export interface SendOutcome {
  readonly status: 'mined' | 'reverted' | 'pending' | 'failed'
  readonly nonce: number
  readonly gas: bigint
  readonly transactions: readonly SentTransaction[]
  readonly receipt?: TransactionReceipt
  readonly error?: string
}

export interface SendWithReplacementParameters {
  readonly client: PublicClient
  readonly account: LocalAccount
  readonly chainId: number
  readonly call: Call
  readonly gas: bigint
  readonly settings: SendSettings
  /** Sign this instead of a fresh transaction (its nonce, gas and fees); replacements still bump from it. */
  readonly presigned?: SignedTransaction
  /** Replacements allowed (default settings.maxReplacements). */
  readonly maxReplacements?: number
  /** Called right after each transaction is accepted by the node, before waiting: persist it there. */
  readonly onSent?: (sent: readonly SentTransaction[], nonce: number) => Promise<void>
}

/**
 * Sends one EIP-1559 transaction and waits a bounded time for its receipt; if it is not mined in time, sends a
 * same-nonce replacement with fees raised by feeBumpPercent (up to maxReplacements times), then waits again.
 * Whichever of them is mined is the outcome; none within the bounds is `pending` (later ticks look again).
 */
export async function sendWithReplacement(params: SendWithReplacementParameters): Promise<SendOutcome> {
  const { client, account, chainId, call, gas, settings } = params
  const maxReplacements = params.maxReplacements ?? settings.maxReplacements
  let signed = params.presigned
  if (!signed) {
    const [nonce, fees] = await Promise.all([
      client.getTransactionCount({ address: account.address, blockTag: 'pending' }),
      suggestFees(client, settings),
    ])
    signed = await signCall(account, { chainId, call, gas, nonce, fees })
  }
  const nonce = signed.nonce
  const sent: SentTransaction[] = []

  const broadcast = async (transaction: SignedTransaction): Promise<string | undefined> => {
    try {
      await client.sendRawTransaction({ serializedTransaction: transaction.serialized })
    } catch (error) {
      if (!isAlreadyKnown(error)) return describeError(error)
    }
    sent.push(toSent(transaction, settings.clock))
    await params.onSent?.(sent, nonce)
    return undefined
  }

  const firstError = await broadcast(signed)
  if (firstError) return { status: 'failed', nonce, gas: signed.gas, transactions: sent, error: firstError }

  let lastError: string | undefined
  for (let replacement = 0; ; replacement++) {
    const receipt = await waitForAnyReceipt(
      client,
      sent.map((s) => s.hash),
      settings.receiptTimeoutSeconds * 1000,
      settings.pollIntervalMs,
      settings.clock,
    )
    if (receipt) return { status: receipt.status === 'success' ? 'mined' : 'reverted', nonce, gas: signed.gas, transactions: sent, receipt }
    if (replacement >= maxReplacements) break
    const current = await suggestFees(client, settings).catch(() => undefined)
    const fees = bumpFees(signed.fees, settings.feeBumpPercent, current, settings.maxFeeGwei)
    const replacementTx = await signCall(account, { chainId, call, gas: signed.gas, nonce, fees })
    const error = await broadcast(replacementTx)
    if (error) {
      lastError = `replacement not accepted: ${error}`
      // A nonce that is gone means one of ours (or another transaction of the signer) was mined meanwhile.
      const mined = await findReceipt(client, sent.map((s) => s.hash))
      if (mined) return { status: mined.status === 'success' ? 'mined' : 'reverted', nonce, gas: signed.gas, transactions: sent, receipt: mined }
      continue
    }
    signed = replacementTx
  }
  return { status: 'pending', nonce, gas: signed.gas, transactions: sent, ...(lastError ? { error: lastError } : {}) }
}

export type ReplaceOutcome =
  | { readonly sent: SentTransaction; readonly fees: Fees }
  | { readonly skipped: string }
  | { readonly error: string }

/**
 * One same-nonce replacement of a transaction sent earlier (by an earlier tick): the same to/data/value/gas
 * (read back from the node by hash, else `fallback`), both fees raised by feeBumpPercent (at least to today's
 * suggestion), capped at maxFeeGwei. Skipped when the cap leaves no raise a node would accept (+10 %). Does
 * not wait for a receipt: later ticks look for it.
 */
export async function replaceTransaction(params: {
  readonly client: PublicClient
  readonly account: LocalAccount
  readonly chainId: number
  readonly nonce: number
  readonly previous: SentTransaction
  readonly hashes: readonly Hash[]
  readonly fallback?: { readonly call: Call; readonly gas: bigint }
  readonly settings: SendSettings
}): Promise<ReplaceOutcome> {
  const { client, account, settings } = params
  let original: { call: Call; gas: bigint } | undefined
  for (const hash of [...params.hashes].reverse()) {
    const tx = await client.getTransaction({ hash }).catch(() => undefined)
    if (tx?.to && tx.nonce === params.nonce) {
      original = { call: { to: tx.to, data: tx.input, ...(tx.value ? { value: tx.value } : {}) }, gas: tx.gas }
      break
    }
  }
  original ??= params.fallback
  if (!original) return { skipped: 'the node no longer knows the transaction and its call cannot be rebuilt' }
  const previous: Fees = { maxFeePerGas: BigInt(params.previous.maxFeePerGas), maxPriorityFeePerGas: BigInt(params.previous.maxPriorityFeePerGas) }
  const current = await suggestFees(client, settings).catch(() => undefined)
  const fees = bumpFees(previous, settings.feeBumpPercent, current, settings.maxFeeGwei)
  const accepted = (value: bigint) => (value * 110n + 99n) / 100n
  if (fees.maxFeePerGas < accepted(previous.maxFeePerGas) || fees.maxPriorityFeePerGas < accepted(previous.maxPriorityFeePerGas))
    return { skipped: `fee cap reached (maxFeeGwei ${settings.maxFeeGwei ?? '-'}): no higher fee left to replace with` }
  const signed = await signCall(account, { chainId: params.chainId, call: original.call, gas: original.gas, nonce: params.nonce, fees })
  try {
    await client.sendRawTransaction({ serializedTransaction: signed.serialized })
  } catch (error) {
    if (!isAlreadyKnown(error)) return { error: describeError(error) }
  }
  return { sent: toSent(signed, settings.clock), fees }
}

/** For errors thrown before anything was sent: a revert's decoded reason, else the RPC failure. */
export function describeSendError(error: unknown): string {
  if (error instanceof SimulationRevertedError) return error.shortMessage
  if (error instanceof WatchtowerError) return error.details ? `${error.shortMessage}: ${error.details}` : error.shortMessage
  return describeError(error)
}
