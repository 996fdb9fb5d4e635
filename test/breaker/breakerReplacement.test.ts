import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { keccak256, TransactionReceiptNotFoundError } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { deployPausableTarget, devClient, minedNonce, PAUSER_ADDRESS, PAUSER_PRIVATE_KEY, pooled } from '../devnet/breakerDevnet.js'
import { buildCritRun, chatTexts, startStuckTarget } from './harness.js'

/**
 * Automine off on the target chain: the pause is not mined within the wait bound, so the breaker replaces it
 * (same nonce, higher fees); exactly one of the two is mined. Left unmined, it stays pending and a later tick
 * finds the receipt.
 */
describe('breaker, replacement when not mined in time', () => {
  let devnet: Awaited<ReturnType<typeof startStuckTarget>>

  beforeAll(async () => {
    devnet = await startStuckTarget()
  })
  afterAll(async () => {
    await devnet?.close()
  })

  it('replaces the pending pause at a higher fee; one of the two is mined', async () => {
    const { target, clock } = devnet
    const pausable = await deployPausableTarget(target, { pauser: PAUSER_ADDRESS })
    const { tick, wall } = await devnet.scenario(pausable.address, { receiptTimeoutSeconds: 1, maxReplacements: 2, feeBumpPercent: 30 })
    const nonce = await minedNonce(target, PAUSER_ADDRESS)
    await buildCritRun(clock, tick)

    // The "sequencer" mines only once it sees the replacement in its pool: it looks whenever the breaker waits.
    let firstFee: bigint | undefined
    let mines = 0
    wall.whileWaiting(async () => {
      const [tx] = await pooled(target, PAUSER_ADDRESS)
      if (!tx) return
      firstFee ??= tx.maxFeePerGas
      if (tx.maxFeePerGas > firstFee) {
        await target.rpc('evm_mine')
        mines++
      }
    })
    const start = wall.now()
    const [outcome] = await tick()
    wall.whileWaiting(undefined)

    expect(mines).toBe(1)
    // Mined during the second wait: one whole wait (1 s) for the first transaction, then one poll (50 ms) for the replacement.
    expect(wall.now() - start).toBe(1050)
    expect(outcome?.decision).toBe('paused')
    const route = outcome!.routes![0]!
    expect(route.transactions).toHaveLength(2)
    const [first, second] = route.transactions
    expect(route.nonce).toBe(nonce)
    expect(BigInt(second!.maxFeePerGas)).toBeGreaterThanOrEqual((BigInt(first!.maxFeePerGas) * 130n) / 100n)
    expect(BigInt(second!.maxPriorityFeePerGas)).toBeGreaterThanOrEqual((BigInt(first!.maxPriorityFeePerGas) * 130n) / 100n)
    expect(route.minedHash).toBe(second!.hash)
    await expect(devClient(target).getTransactionReceipt({ hash: first!.hash })).rejects.toBeInstanceOf(TransactionReceiptNotFoundError)
    const mined = await devClient(target).getTransaction({ hash: second!.hash })
    expect(mined.nonce).toBe(nonce)
    expect(await minedNonce(target, PAUSER_ADDRESS)).toBe(nonce + 1)
    expect(await pausable.isPaused()).toBe(true)
    expect(await pooled(target, PAUSER_ADDRESS)).toHaveLength(0)
  })

  it('not mined within the bounds: recorded as pending, then a later tick finds the receipt (no new transaction)', async () => {
    const { target, clock, slack } = devnet
    const chat = chatTexts(slack)
    const pausable = await deployPausableTarget(target, { pauser: PAUSER_ADDRESS })
    const { tick, breaker, wall } = await devnet.scenario(pausable.address, { receiptTimeoutSeconds: 0.3, maxReplacements: 1 })
    const nonce = await minedNonce(target, PAUSER_ADDRESS)
    await buildCritRun(clock, tick)
    const before = chat.mark()

    const [pending] = await tick()
    expect(pending?.decision).toBe('pending')
    expect(pending?.routes?.[0]?.transactions).toHaveLength(2)
    expect((await breaker.status()).actions[0]?.incident?.outcome).toBe('pending')
    expect(chat.last(1).slack[0]).toMatch(/not yet mined/)

    clock.advance(15)
    expect(wall.now() / 1000 - pending!.routes![0]!.transactions[1]!.sentAt).toBeLessThan(1) // right after the send: no later replacement due yet
    expect((await tick())[0]?.decision).toBe('none') // still in the pool: nothing sent, nothing announced
    expect(chat.since(before).slack).toHaveLength(1)

    await target.rpc('evm_mine')
    clock.advance(15)
    const [found] = await tick()
    expect(found?.decision).toBe('paused')
    expect(found?.routes?.[0]?.minedHash).toBe(pending!.routes![0]!.transactions[1]!.hash)
    expect(await minedNonce(target, PAUSER_ADDRESS)).toBe(nonce + 1)
    expect(await pausable.isPaused()).toBe(true)
    expect(chat.since(before).slack).toHaveLength(2)
    expect(chat.last(1).slack[0]).toMatch(/PAUSED/)
  })

  it('a tick that died after sending: once the claim lease is over, the next tick finds its transaction and sends nothing new', async () => {
    const { target, clock } = devnet
    const pausable = await deployPausableTarget(target, { pauser: PAUSER_ADDRESS })
    const { tick, store } = await devnet.scenario(pausable.address, { receiptTimeoutSeconds: 1 })
    await clock.produce()
    clock.advance(200)
    await tick()
    clock.advance(15)
    await tick()

    // What the dead tick left behind: its claim, and the pause it had sent (in the pool, then mined).
    const client = devClient(target)
    const nonce = await minedNonce(target, PAUSER_ADDRESS)
    const block = await client.getBlock()
    const serialized = await privateKeyToAccount(PAUSER_PRIVATE_KEY).signTransaction({
      type: 'eip1559',
      chainId: 902,
      nonce,
      to: pausable.address,
      data: '0x8456cb59',
      gas: 100_000n,
      maxFeePerGas: (block.baseFeePerGas ?? 0n) * 2n + 1_000_000_000n,
      maxPriorityFeePerGas: 1_000_000_000n,
    })
    const hash = await client.sendRawTransaction({ serializedTransaction: serialized })
    expect(hash).toBe(keccak256(serialized))
    const state = (await store.getState('pause-it'))!
    const claimedAt = clock.now
    const incident = { id: '000001', openedAt: claimedAt, mode: 'armed' as const, trigger: [], outcome: 'claimed' as const, attempts: 1, claimedAt, lastAttemptAt: claimedAt }
    expect(await store.putState({ ...state, phase: 'open', incidentSeq: 1, incident, version: state.version + 1 }, state.version)).toBe(true)
    await store.putIncident({
      ...incident,
      action: 'pause-it',
      chain: 'watched',
      target: { chain: 'target-chain', address: pausable.address, function: 'pause()' },
      route: 'direct',
      routes: [{ route: 'direct', kind: 'call', chain: 'target-chain', chainId: 902, from: PAUSER_ADDRESS, to: pausable.address, nonce, transactions: [{ hash, maxFeePerGas: '1', maxPriorityFeePerGas: '1', sentAt: 1 }], status: 'pending' }],
      updatedAt: claimedAt,
    })
    await target.rpc('evm_mine')

    clock.advance(15)
    expect((await tick())[0]).toMatchObject({ decision: 'none', message: 'another tick holds the claim' })
    clock.advance(600)
    const [recovered] = await tick()
    expect(recovered?.decision).toBe('paused')
    expect(recovered?.routes?.[0]?.minedHash).toBe(hash)
    expect(await minedNonce(target, PAUSER_ADDRESS)).toBe(nonce + 1)
    expect(await pooled(target, PAUSER_ADDRESS)).toHaveLength(0)
    expect(await pausable.isPaused()).toBe(true)
  })
})
