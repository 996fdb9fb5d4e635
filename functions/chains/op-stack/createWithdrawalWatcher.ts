import type { Address, Hex, PublicClient } from 'viem'
import { getBlockNumber, readContract } from 'viem/actions'
import { describeError } from '../../rpc/describeError.js'
import type { ProvenWithdrawal, Reading, WithdrawalValidityObservation } from '../../types.js'
import type { CursorStore, LogCursor } from '../LogCursor.js'
import { scanLogsSince } from '../scanLogsSince.js'
import { l2ToL1MessagePasserAbi, withdrawalProvenEvents } from './abis.js'
import { messagePasserAddress } from './computeOutputRoot.js'

/** A forgery stays crit this long after it was found (one tick's crit would be gone before anyone looked). */
export const forgeryHoldSeconds = 86_400
/** Withdrawals asked of the L2 per tick (one JSON-RPC batch per endpoint); the rest wait for the next tick. */
export const withdrawalsPerTick = 100
/**
 * A first scan looks this far back (about a day of L1 blocks, the forgery hold): enough for a fresh process, or the
 * breaker's per-URL re-observation, to see a recent forgery, without judging weeks of history on a cold start.
 */
export const withdrawalLookbackBlocks = 7_200n
/** While this many wait to be judged, the scan pauses (nothing is dropped; `behind` grows and says so). */
const pendingLimit = 500
const maxForged = 100

/** The scan cursor, carrying what must survive a restart: unjudged withdrawals and held forgeries. */
interface WithdrawalCursor extends LogCursor {
  readonly pending?: readonly ProvenWithdrawal[]
  readonly forged?: readonly ProvenWithdrawal[]
}

export interface WithdrawalWatcher {
  observe(portal: Address, now: number): Promise<Reading<WithdrawalValidityObservation>>
}

type Judgement = 'sent' | 'forged' | 'disputed' | 'failed'

/** Every endpoint must answer and agree: `false` from all is a forgery, a split is disputed, a failure retries. */
async function judge(clients: readonly PublicClient[], hashes: readonly Hex[]): Promise<Judgement[]> {
  const answers = await Promise.all(
    clients.map((client) =>
      Promise.all(hashes.map((hash) => readContract(client, { address: messagePasserAddress, abi: l2ToL1MessagePasserAbi, functionName: 'sentMessages', args: [hash] }).catch(() => undefined))),
    ),
  )
  return hashes.map((_, i) => {
    const said = answers.map((perClient) => perClient[i])
    if (said.some((answer) => answer === undefined)) return 'failed'
    if (said.every((answer) => answer === true)) return 'sent'
    return said.every((answer) => answer === false) ? 'forged' : 'disputed'
  })
}

/**
 * `withdrawal-validity` on OP Stack: every WithdrawalProven(Extension1) on the portal is checked against the L2's
 * L2ToL1MessagePasser.sentMessages. The portal's eth_getLogs covers the blocks up to the previous tick's L1 head,
 * so it rides in the tick's first batch with the head read (no extra request on a steady tick, none at all when no
 * L1 block was added); a withdrawal is thus judged one tick after its block. The L2 is asked only when one was
 * proven. Forgeries are held for a day, in the stored cursor, so the crit survives restarts.
 */
export function createWithdrawalWatcher({
  l1,
  clients,
  cursors,
  scan = {},
}: {
  readonly l1: PublicClient
  readonly clients: readonly PublicClient[]
  readonly cursors: CursorStore
  readonly scan?: { readonly maxRange?: bigint; readonly lookback?: bigint }
}): WithdrawalWatcher {
  let lastHead: bigint | undefined
  const lookback = scan.lookback !== undefined && scan.lookback < withdrawalLookbackBlocks ? scan.lookback : withdrawalLookbackBlocks
  return {
    async observe(portal, now) {
      const name = `${portal}:WithdrawalProven`
      const stored = (await cursors.get(name).catch(() => undefined)) as WithdrawalCursor | undefined
      let forged = (stored?.forged ?? []).filter((w) => now - w.seenAt < forgeryHoldSeconds)
      let pending = [...(stored?.pending ?? [])]
      const scanTo = (head: bigint) =>
        scanLogsSince(l1, { address: portal, events: withdrawalProvenEvents, head, ...(stored ? { cursor: stored } : {}), ...scan, lookback })
      const target = lastHead
      let scanError: string | undefined
      let head: bigint | undefined
      let scanned: Awaited<ReturnType<typeof scanTo>> | undefined
      try {
        const due = target !== undefined && (!stored || target > stored.scannedTo) && pending.length < pendingLimit
        ;[head, scanned] = await Promise.all([getBlockNumber(l1), due ? scanTo(target) : undefined])
        if (target === undefined && pending.length < pendingLimit) scanned = await scanTo(head) // first tick: no earlier head to scan to
        lastHead = head
      } catch (error) {
        scanError = describeError(error)
      }
      if (scanError && forged.length === 0) return { ok: false, error: scanError }

      const known = new Set([...pending, ...forged].map((w) => w.withdrawalHash))
      for (const log of scanned?.logs ?? []) {
        const hash = log.args.withdrawalHash as Hex | undefined
        if (!hash || known.has(hash)) continue // Extension1 repeats the hash of the same proof
        known.add(hash)
        pending.push({ withdrawalHash: hash, l1Block: log.blockNumber, l1Tx: log.transactionHash, seenAt: now })
      }

      let verified = 0
      const disputed: ProvenWithdrawal[] = []
      const batch = pending.slice(0, withdrawalsPerTick)
      if (batch.length > 0) {
        const judgements = await judge(clients, batch.map((w) => w.withdrawalHash))
        const retry: ProvenWithdrawal[] = []
        batch.forEach((withdrawal, i) => {
          const judgement = judgements[i]
          if (judgement === 'sent') verified++
          else if (judgement === 'forged') forged.push({ ...withdrawal, seenAt: now })
          else {
            if (judgement === 'disputed') disputed.push(withdrawal)
            retry.push(withdrawal)
          }
        })
        pending = [...retry, ...pending.slice(withdrawalsPerTick)]
        forged = forged.slice(-maxForged)
      }

      const scannedTo = scanned?.scannedTo ?? stored?.scannedTo ?? 0n
      const range = scanned?.range ?? stored?.range ?? scan.maxRange ?? 10_000n
      const cursor: WithdrawalCursor = { scannedTo, range, ...(pending.length ? { pending } : {}), ...(forged.length ? { forged } : {}) }
      await cursors.put(name, cursor).catch(() => undefined)
      const behind = head !== undefined && head > scannedTo ? head - scannedTo : 0n
      return {
        ok: true,
        value: { forged, disputed, pending: pending.length - disputed.length, verified, scannedTo, behind, ...(scanError ? { scanError } : {}) },
      }
    },
  }
}
