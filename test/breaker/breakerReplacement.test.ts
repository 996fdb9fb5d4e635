import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { keccak256, TransactionReceiptNotFoundError } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { createBreakerStore } from '../../functions/breaker/breakerStore.js'
import { type Anvil, startAnvil } from '../devnet/anvil.js'
import {
  type BreakerTable,
  deployPausableTarget,
  devClient,
  fund,
  minedNonce,
  PAUSER_ADDRESS,
  PAUSER_PRIVATE_KEY,
  pooled,
  startBreakerTable,
} from '../devnet/breakerDevnet.js'
import { type FakeSlack, startFakeSlack } from '../fakes/startFakeSlack.js'
import { breakerFor, buildConfig, createChainClock, createMiniTick, slackToken } from './harness.js'

/**
 * Automine off on the target chain: the pause is not mined within the wait bound, so the breaker replaces it
 * (same nonce, higher fees); exactly one of the two is mined. Left unmined, it stays pending and a later tick
 * finds the receipt.
 */
describe('breaker, replacement when not mined in time', () => {
  let watched: Anvil
  let target: Anvil // no automine
  let dynamo: BreakerTable
  let slack: FakeSlack
  let clock: Awaited<ReturnType<typeof createChainClock>>
  const env = { PAUSER_KEY: PAUSER_PRIVATE_KEY, SLACK_T: slackToken }

  beforeAll(async () => {
    ;[watched, target] = await Promise.all([startAnvil({ chainId: 901 }), startAnvil({ chainId: 902, noMining: true })])
    ;[dynamo, slack] = await Promise.all([startBreakerTable(), startFakeSlack({ token: slackToken })])
    await fund(target, PAUSER_ADDRESS)
    clock = await createChainClock(watched)
  })
  afterAll(async () => {
    await Promise.all([dynamo?.close(), slack?.stop()])
    await Promise.all([watched?.stop(), target?.stop()])
  })

  let tables = 0
  async function scenario(address: `0x${string}`, send: Record<string, unknown>) {
    const config = buildConfig({
      chains: [
        { name: 'watched', stack: 'evm', l2Rpc: [watched.url], thresholds: { liveness: { warn: 30, crit: 120 } } },
        { name: 'target-chain', stack: 'evm', l2Rpc: [target.url] },
      ],
      notify: { slack: { channel: 'C0B', tokenEnv: 'SLACK_T', apiUrl: slack.apiUrl } },
      breaker: {
        mode: 'armed',
        signer: { privateKeyEnv: 'PAUSER_KEY' },
        send,
        readiness: { everyTicks: 1000 },
        actions: [{ name: 'pause-it', chain: 'watched', checks: ['liveness'], for: 3, target: { chain: 'target-chain', address } }],
      },
    })
    wallNow = undefined
    const breaker = breakerFor({ config, tableName: await dynamo.table(`replace-${++tables}`), dynamo, env, wallClock: () => wallNow ?? Date.now() })
    const miniTick = createMiniTick(config.chains)
    return { breaker, tableName: `replace-${tables}`, tick: async () => breaker.afterTick({ results: await miniTick(['watched'], clock.now), now: clock.now }) }
  }

  /** Set: the wall clock (ms) the breaker judges a pending pause's age by, so no step races real time. */
  let wallNow: number | undefined

  async function incident(tick: () => Promise<unknown>) {
    await clock.produce()
    clock.advance(200)
    await tick()
    clock.advance(15)
    await tick()
    clock.advance(15)
  }

  it('replaces the pending pause at a higher fee; one of the two is mined', async () => {
    const pausable = await deployPausableTarget(target, { pauser: PAUSER_ADDRESS })
    const { tick } = await scenario(pausable.address, { receiptTimeoutSeconds: 1, maxReplacements: 2, feeBumpPercent: 30 })
    const nonce = await minedNonce(target, PAUSER_ADDRESS)
    await incident(tick)

    // The "sequencer" mines only once it sees the replacement in its pool.
    let firstFee: bigint | undefined
    let stop = false
    const miner = (async () => {
      while (!stop) {
        const [tx] = await pooled(target, PAUSER_ADDRESS)
        if (tx) {
          firstFee ??= tx.maxFeePerGas
          if (tx.maxFeePerGas > firstFee) {
            await target.rpc('evm_mine')
            return
          }
        }
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    })()
    const [outcome] = await tick().finally(() => {
      stop = true
    })
    await miner

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
    const pausable = await deployPausableTarget(target, { pauser: PAUSER_ADDRESS })
    const { tick, breaker } = await scenario(pausable.address, { receiptTimeoutSeconds: 0.3, maxReplacements: 1 })
    const nonce = await minedNonce(target, PAUSER_ADDRESS)
    await incident(tick)
    const slackBefore = slack.requests.length

    const [pending] = await tick()
    expect(pending?.decision).toBe('pending')
    expect(pending?.routes?.[0]?.transactions).toHaveLength(2)
    expect((await breaker.status()).actions[0]?.incident?.outcome).toBe('pending')
    expect(String(slack.requests.at(-1)?.body.text)).toMatch(/not yet mined/)

    clock.advance(15)
    wallNow = pending!.routes![0]!.transactions[1]!.sentAt * 1000 // right after the send: no later replacement due yet
    expect((await tick())[0]?.decision).toBe('none') // still in the pool: nothing sent, nothing announced
    expect(slack.requests.length).toBe(slackBefore + 1)

    await target.rpc('evm_mine')
    clock.advance(15)
    const [found] = await tick()
    expect(found?.decision).toBe('paused')
    expect(found?.routes?.[0]?.minedHash).toBe(pending!.routes![0]!.transactions[1]!.hash)
    expect(await minedNonce(target, PAUSER_ADDRESS)).toBe(nonce + 1)
    expect(await pausable.isPaused()).toBe(true)
    expect(String(slack.requests.at(-1)?.body.text)).toMatch(/PAUSED/)
    expect(slack.requests.length).toBe(slackBefore + 2)
  })

  it('a tick that died after sending: once the claim lease is over, the next tick finds its transaction and sends nothing new', async () => {
    const pausable = await deployPausableTarget(target, { pauser: PAUSER_ADDRESS })
    const { tick, tableName } = await scenario(pausable.address, { receiptTimeoutSeconds: 1 })
    const store = createBreakerStore(dynamo.doc, tableName)
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
