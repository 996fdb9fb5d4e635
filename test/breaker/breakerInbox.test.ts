import {
  type Address,
  type Hex,
  isAddressEqual,
  keccak256,
  parseEventLogs,
  parseTransaction,
  recoverTransactionAddress,
  toHex,
  type TransactionSerialized,
} from 'viem'
import { getL2TransactionHash, opaqueDataToDepositData } from 'viem/op-stack'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { arbitrumInboxAbi, optimismPortalAbi } from '../../functions/breaker/inboxAbis.js'
import { type Anvil, mineBlocks, startAnvil } from '../devnet/anvil.js'
import {
  BREAKER_CONTRACTS,
  type BreakerTable,
  deployArbitrumInbox,
  deployBreakerPortal,
  deployPausableTarget,
  deploySystemConfig,
  devClient,
  fund,
  minedNonce,
  PAUSER_ADDRESS,
  type PausableTarget,
  pooled,
  startBreakerTable,
} from '../devnet/breakerDevnet.js'
import { artifact } from '../devnet/solc.js'
import { type FakeSlack, startFakeSlack } from '../fakes/startFakeSlack.js'
import { type FakeTelegram, startFakeTelegram } from '../fakes/startFakeTelegram.js'
import { armedBreaker, breakerEnv, breakerFor, buildConfig, buildCritRun, chatNotify, chatTexts, createChainClock, createMiniTick, slackToken, telegramToken } from './harness.js'

/** Canonical topic0s of the real contracts (Optimism's OptimismPortal, nitro's Inbox). */
const TRANSACTION_DEPOSITED_TOPIC = '0xb3813568d9991fc951961fcb4c784893574240a28925604d09fc577c55bb7c32'
const INBOX_MESSAGE_DELIVERED_TOPIC = '0xff64905f73a67fb594e0f940a8075a860db489ad991e032f48c81123eb52d60b'
const PAUSE_SELECTOR = '0x8456cb59'
const ALIAS_OFFSET = 0x1111000000000000000000000000000000001111n

/**
 * The L1 path into a halted L2: the sequencer (an anvil that mines nothing) leaves a direct transaction in its
 * pool, so the pause also goes through L1, where it is mined: OptimismPortal.depositTransaction (OP Stack) and
 * Inbox.sendL2Message with the signed L2 transaction (Arbitrum).
 */
describe('breaker, l1-inbox routes, on anvil', () => {
  let l1: Anvil
  let opL2: Anvil
  let arbL2: Anvil
  let dynamo: BreakerTable
  let slack: FakeSlack
  let telegram: FakeTelegram
  let portal: Address
  let systemConfig: Address
  let arb: { bridge: Address; inbox: Address }

  beforeAll(async () => {
    ;[l1, opL2, arbL2] = await Promise.all([
      startAnvil({ chainId: 900 }),
      startAnvil({ chainId: 901, noMining: true }),
      startAnvil({ chainId: 412346, noMining: true }),
    ])
    ;[dynamo, slack, telegram] = await Promise.all([startBreakerTable(), startFakeSlack({ token: slackToken }), startFakeTelegram({ token: telegramToken })])
    portal = await deployBreakerPortal(l1)
    systemConfig = await deploySystemConfig(l1, { portal })
    arb = await deployArbitrumInbox(l1)
    await Promise.all([fund(l1, PAUSER_ADDRESS), fund(opL2, PAUSER_ADDRESS), fund(arbL2, PAUSER_ADDRESS)])
  })

  afterAll(async () => {
    await Promise.all([dynamo?.close(), slack?.stop(), telegram?.stop()])
    await Promise.all([l1?.stop(), opL2?.stop(), arbL2?.stop()])
  })

  let tables = 0
  async function scenario(chain: Record<string, unknown>, target: PausableTarget, action: Record<string, unknown> = {}) {
    const config = buildConfig({
      chains: [chain],
      notify: chatNotify({ slack, telegram }),
      breaker: armedBreaker([{ name: 'pause-l2', chain: chain.name as string, checks: ['liveness'], for: 3, target: { address: target.address }, ...action }], {
        send: { receiptTimeoutSeconds: 1, maxReplacements: 1 },
      }),
    })
    const breaker = breakerFor({ config, tableName: await dynamo.table(`inbox-${++tables}`), dynamo, env: breakerEnv })
    const miniTick = createMiniTick(config.chains)
    const tick = async (now: number) => breaker.afterTick({ results: await miniTick([chain.name as string], now), now })
    return { breaker, tick }
  }

  /** Three ticks with the L2 halted past crit; returns the last outcome. */
  async function haltedDrill(node: Anvil, tick: (now: number) => ReturnType<Awaited<ReturnType<typeof scenario>>['tick']>) {
    const clock = await createChainClock(node)
    await buildCritRun(clock, () => tick(clock.now), [node])
    const [outcome] = await tick(clock.now)
    return { outcome, clock }
  }

  it('the event signatures are the real ones', () => {
    expect(keccak256(toHex('TransactionDeposited(address,address,uint256,bytes)'))).toBe(TRANSACTION_DEPOSITED_TOPIC)
    expect(keccak256(toHex('InboxMessageDelivered(uint256,bytes)'))).toBe(INBOX_MESSAGE_DELIVERED_TOPIC)
  })

  it('OP Stack, route both (the default for liveness): direct tx stuck at the halted sequencer, deposit mined on L1 with the right call', async () => {
    const target = await deployPausableTarget(opL2, { pauser: PAUSER_ADDRESS })
    const chain = { name: 'op-devnet', stack: 'op-stack', l2Rpc: [opL2.url], l1Rpc: [l1.url], contracts: { systemConfig }, thresholds: { liveness: { warn: 30, crit: 120 } } }
    const { tick, breaker } = await scenario(chain, target)
    const l1Nonce = await minedNonce(l1, PAUSER_ADDRESS)
    const chat = chatTexts(slack, telegram)
    const before = chat.mark()

    const { outcome, clock } = await haltedDrill(opL2, tick)
    expect(outcome?.decision).toBe('submitted')
    const [direct, deposit] = outcome!.routes!
    expect(direct).toMatchObject({ route: 'direct', status: 'pending', chainId: 901, nonce: 0 })
    expect(direct!.transactions).toHaveLength(1) // route both: no replacement on the halted L2, the L1 path instead
    expect((await pooled(opL2, PAUSER_ADDRESS)).map((t) => t.hash)).toEqual([direct!.transactions[0]!.hash])
    expect(deposit).toMatchObject({ route: 'l1-inbox', kind: 'op-deposit', status: 'mined', chainId: 900, to: portal })
    expect(await minedNonce(l1, PAUSER_ADDRESS)).toBe(l1Nonce + 1)

    // The portal got depositTransaction(target, 0, gasLimit, false, pause()) from the signer.
    const receipt = await devClient(l1).getTransactionReceipt({ hash: deposit!.minedHash! })
    const log = receipt.logs.find((l) => isAddressEqual(l.address, portal))!
    expect(log.topics[0]).toBe(TRANSACTION_DEPOSITED_TOPIC)
    const [event] = parseEventLogs({ abi: optimismPortalAbi, eventName: 'TransactionDeposited', logs: [log] })
    expect(isAddressEqual(event!.args.from, PAUSER_ADDRESS)).toBe(true) // an EOA is not aliased
    expect(isAddressEqual(event!.args.to, target.address)).toBe(true)
    expect(event!.args.version).toBe(0n)
    const data = opaqueDataToDepositData(event!.args.opaqueData)
    expect(data).toMatchObject({ mint: 0n, value: 0n, isCreation: false, data: PAUSE_SELECTOR })
    expect(data.gas).toBeGreaterThanOrEqual(100_000n)
    expect(deposit!.l2TransactionHash).toBe(getL2TransactionHash({ log: event! }))

    // Both channels got the L1 hash; a rerun sends nothing on either chain.
    const sent = chat.since(before)
    expect(sent.slack).toHaveLength(1)
    expect(sent.slack[0]).toContain(deposit!.minedHash!)
    expect(chat.last(1).telegram[0]).toContain(deposit!.minedHash!)
    expect(chat.last(1).telegram[0]).toMatch(/not aliased/)
    for (let i = 0; i < 3; i++) {
      clock.advance(15)
      await tick(clock.now)
    }
    expect(await minedNonce(l1, PAUSER_ADDRESS)).toBe(l1Nonce + 1)
    expect(await pooled(opL2, PAUSER_ADDRESS)).toHaveLength(1)
    expect((await breaker.status()).actions[0]?.incident?.outcome).toBe('submitted')

    // The sequencer comes back and includes what it had: the target is paused (the deposit would have come first).
    await mineBlocks(opL2, 1, { timestamp: clock.advance(5) })
    expect(await target.isPaused()).toBe(true)
  })

  it('Arbitrum, route both: the same signed L2 transaction goes to the sequencer and, wrapped, into the delayed Inbox', async () => {
    const target = await deployPausableTarget(arbL2, { pauser: PAUSER_ADDRESS })
    const chain = { name: 'arb-devnet', stack: 'arbitrum', l2Rpc: [arbL2.url], l1Rpc: [l1.url], contracts: { bridge: arb.bridge, inbox: arb.inbox }, thresholds: { liveness: { warn: 30, crit: 120 } } }
    const { tick } = await scenario(chain, target)
    const l1Nonce = await minedNonce(l1, PAUSER_ADDRESS)

    const { outcome } = await haltedDrill(arbL2, tick)
    expect(outcome?.decision).toBe('submitted')
    const [direct, inbox] = outcome!.routes!
    expect(direct).toMatchObject({ route: 'direct', status: 'pending', chainId: 412346 })
    expect(inbox).toMatchObject({ route: 'l1-inbox', kind: 'arbitrum-inbox', status: 'mined', to: arb.inbox })
    expect(inbox!.l2TransactionHash).toBe(direct!.transactions[0]!.hash)
    expect(await minedNonce(l1, PAUSER_ADDRESS)).toBe(l1Nonce + 1)

    const receipt = await devClient(l1).getTransactionReceipt({ hash: inbox!.minedHash! })
    const log = receipt.logs.find((l) => isAddressEqual(l.address, arb.inbox))!
    expect(log.topics[0]).toBe(INBOX_MESSAGE_DELIVERED_TOPIC)
    const [event] = parseEventLogs({ abi: arbitrumInboxAbi, eventName: 'InboxMessageDelivered', logs: [log] })
    const message = event!.args.data
    expect(message.slice(0, 4)).toBe('0x04') // L2MessageType_signedTx
    const signed = `0x${message.slice(4)}` as Hex
    expect(keccak256(signed)).toBe(inbox!.l2TransactionHash)
    const tx = parseTransaction(signed as TransactionSerialized)
    expect(tx).toMatchObject({ chainId: 412346, nonce: direct!.nonce, data: PAUSE_SELECTOR })
    expect(isAddressEqual(tx.to!, target.address)).toBe(true)
    expect(isAddressEqual(await recoverTransactionAddress({ serializedTransaction: signed as TransactionSerialized }), PAUSER_ADDRESS)).toBe(true)
    expect(tx.gas).toBeGreaterThanOrEqual(100_000n)

    // The Bridge recorded an L2_MSG (kind 3) from the aliased L1 sender, as nitro does.
    const [delivered] = parseEventLogs({ abi: artifact('Bridge', BREAKER_CONTRACTS).abi, eventName: 'MessageDelivered', logs: receipt.logs })
    const args = (delivered as unknown as { args: { kind: number; sender: Address; messageDataHash: Hex } }).args
    expect(args.kind).toBe(3)
    expect(BigInt(args.sender)).toBe((BigInt(PAUSER_ADDRESS) + ALIAS_OFFSET) % 2n ** 160n)
    expect(args.messageDataHash).toBe(keccak256(message))
  })

  it('Arbitrum, route l1-inbox only: nothing goes to the sequencer', async () => {
    const target = await deployPausableTarget(arbL2, { pauser: PAUSER_ADDRESS })
    const chain = { name: 'arb-devnet', stack: 'arbitrum', l2Rpc: [arbL2.url], l1Rpc: [l1.url], contracts: { bridge: arb.bridge }, thresholds: { liveness: { warn: 30, crit: 120 } } }
    const { tick } = await scenario(chain, target, { route: 'l1-inbox', inbox: arb.inbox })
    const pooledBefore = (await pooled(arbL2, PAUSER_ADDRESS)).length
    const { outcome } = await haltedDrill(arbL2, tick)
    expect(outcome?.decision).toBe('submitted')
    expect(outcome!.routes!.map((r) => r.route)).toEqual(['l1-inbox'])
    expect(await pooled(arbL2, PAUSER_ADDRESS)).toHaveLength(pooledBefore)
  })

  it('OP Stack, route l1-inbox: a revert on the L2 (missing role) stops it before anything is sent', async () => {
    const target = await deployPausableTarget(opL2) // no role
    const chain = { name: 'op-devnet', stack: 'op-stack', l2Rpc: [opL2.url], l1Rpc: [l1.url], contracts: { systemConfig }, thresholds: { liveness: { warn: 30, crit: 120 } } }
    const { tick } = await scenario(chain, target, { route: 'l1-inbox' })
    const l1Nonce = await minedNonce(l1, PAUSER_ADDRESS)
    const { outcome } = await haltedDrill(opL2, tick)
    expect(outcome?.decision).toBe('failed')
    expect(outcome?.message).toMatch(/AccessControlUnauthorizedAccount\(0x[0-9a-fA-F]{40}, PAUSER_ROLE\)/)
    expect(await minedNonce(l1, PAUSER_ADDRESS)).toBe(l1Nonce)
  })
})
