import { formatGwei, type Hash, parseGwei, TransactionReceiptNotFoundError } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatSlackAnnouncement, formatTelegramAnnouncement } from '../../functions/notify/formatAnnouncement.js'
import { createBreakerStore } from '../../functions/breaker/breakerStore.js'
import { pauseConfirmedMessage, replacedMessage } from '../../functions/breaker/messages.js'
import { replacementDue } from '../../functions/breaker/policy.js'
import type { IncidentSummary, RouteResult } from '../../functions/breaker/types.js'
import { breakerActionSchema } from '../../functions/config/breakerSchema.js'
import { checkTelegramHtml } from '../fakes/checkTelegramHtml.js'
import { type Anvil, startAnvil } from '../devnet/anvil.js'
import {
  type BreakerTable,
  deployBreakerPortal,
  deployPausableTarget,
  deploySystemConfig,
  devClient,
  fund,
  minedNonce,
  PAUSER_ADDRESS,
  PAUSER_PRIVATE_KEY,
  pooled,
  startBreakerTable,
} from '../devnet/breakerDevnet.js'
import { type RpcProxy, startRpcProxy } from '../devnet/rpcProxy.js'
import { type FakeSlack, startFakeSlack } from '../fakes/startFakeSlack.js'
import {
  armedBreaker,
  breakerEnv,
  breakerFor,
  buildConfig,
  buildCritRun,
  chatNotify,
  chatTexts,
  createChainClock,
  createMiniTick,
  slackToken,
  startStuckTarget,
} from './harness.js'

const PAUSE_SELECTOR = '0x8456cb59'

describe('replacementDue (pure)', () => {
  const route = (over: Partial<RouteResult> = {}): RouteResult => ({
    route: 'direct',
    kind: 'call',
    chain: 'c',
    to: '0x0000000000000000000000000000000000000001',
    nonce: 4,
    transactions: [{ hash: '0x01', maxFeePerGas: '1000', maxPriorityFeePerGas: '100', sentAt: 100 }],
    status: 'pending',
    ...over,
  })
  const bounds = { waitSeconds: 2, maxTotal: 3, wallNowSeconds: 103 }

  it('is due once the last send is older than the wait (plus a second for sentAt rounding)', () => {
    expect(replacementDue(route(), bounds)).toBe(true)
    expect(replacementDue(route(), { ...bounds, wallNowSeconds: 102.9 })).toBe(false)
  })
  it('only for pending routes with a nonce and a transaction', () => {
    expect(replacementDue(route({ status: 'mined' }), bounds)).toBe(false)
    expect(replacementDue(route({ status: 'failed' }), bounds)).toBe(false)
    expect(replacementDue(route({ nonce: undefined as never }), bounds)).toBe(false)
    expect(replacementDue(route({ transactions: [] }), bounds)).toBe(false)
  })
  it('bounded by the total replacements and the fee cap', () => {
    const tx = (maxFeePerGas: string) => ({ hash: '0x02' as Hash, maxFeePerGas, maxPriorityFeePerGas: '100', sentAt: 100 })
    expect(replacementDue(route({ transactions: [tx('1'), tx('2'), tx('3')] }), bounds)).toBe(true)
    expect(replacementDue(route({ transactions: [tx('1'), tx('2'), tx('3'), tx('4')] }), bounds)).toBe(false)
    expect(replacementDue(route(), { ...bounds, maxTotal: 0 })).toBe(false)
    expect(replacementDue(route(), { ...bounds, maxFeePerGasCap: 1100n })).toBe(true)
    expect(replacementDue(route(), { ...bounds, maxFeePerGasCap: 1099n })).toBe(false)
  })
})

describe('follow-up messages', () => {
  const action = breakerActionSchema.parse({ name: 'pause-op', chain: 'op-x', checks: ['liveness'], target: { address: '0x00000000000000000000000000000000000000aa' } })
  const incident: IncidentSummary = { id: '000002', openedAt: 1, mode: 'armed', trigger: [], outcome: 'pending', attempts: 1, claimedAt: 1 }
  const tx = (hash: Hash, gwei: string) => ({ hash, maxFeePerGas: parseGwei(gwei).toString(), maxPriorityFeePerGas: parseGwei('1').toString(), sentAt: 1 })
  const direct: RouteResult = {
    route: 'direct',
    kind: 'call',
    chain: 'op-x',
    to: '0x00000000000000000000000000000000000000aa',
    nonce: 7,
    transactions: [tx(`0x${'11'.repeat(32)}`, '3'), tx(`0x${'22'.repeat(32)}`, '3.9')],
    status: 'pending',
    explorer: 'https://x.example',
  }

  it('re-sent at a higher fee: the new hash, nonce and fee, with links; valid Telegram HTML', () => {
    const message = replacedMessage(action, incident, 'both', [direct], [direct])
    expect(message.title).toBe('Breaker pause re-sent at a higher fee: pause-op')
    expect(message.lines.join('\n')).toContain(`replacement 0x${'22'.repeat(32)} (nonce 7, max fee 3.9 gwei)`)
    expect(message.links?.[0]?.url).toBe(`https://x.example/tx/0x${'22'.repeat(32)}`)
    expect(formatSlackAnnouncement(message).text).toMatch(/re-sent at a higher fee/)
    expect(checkTelegramHtml(formatTelegramAnnouncement(message))).toBeUndefined()
  })

  it('pause confirmed on L2: the block and the target link', () => {
    const message = pauseConfirmedMessage(action, { ...incident, outcome: 'paused' }, 'l1-inbox', [], '1234', 'https://l2.example')
    expect(message.title).toBe('Breaker: pause confirmed on L2: pause-op')
    expect(message.lines.join('\n')).toContain('paused() on 0x00000000000000000000000000000000000000aa returned true at L2 block 1234')
    expect(message.facts).toContainEqual({ label: 'L2 block', value: '1234' })
    expect(message.links).toContainEqual({ label: 'target', url: 'https://l2.example/address/0x00000000000000000000000000000000000000aa' })
    expect(checkTelegramHtml(formatTelegramAnnouncement(message))).toBeUndefined()
  })
})

/**
 * Automine off on the target chain: a pause left `pending` by one tick is re-sent at a higher fee (same nonce) by
 * a later tick, once, within bounds; exactly one of the transactions is mined.
 */
describe('breaker, later ticks re-bump a pending pause', () => {
  let devnet: Awaited<ReturnType<typeof startStuckTarget>>

  beforeAll(async () => {
    devnet = await startStuckTarget()
  })
  afterAll(async () => {
    await devnet?.close()
  })

  it('a pending pause from tick N is replaced on tick N+k (once, bounded); exactly one is mined', async () => {
    const { target, clock, slack } = devnet
    const chat = chatTexts(slack)
    const pausable = await deployPausableTarget(target, { pauser: PAUSER_ADDRESS })
    // wait before a later replacement: 0.5 × (1 + 1) = 1 s; total replacements: 1 × 2 = 2.
    const { tick, breaker, store, wall } = await devnet.scenario(pausable.address, { receiptTimeoutSeconds: 0.5, maxReplacements: 1, maxAttempts: 2, feeBumpPercent: 30 })
    const start = wall.now() // wall time T, on a whole second
    const nonce = await minedNonce(target, PAUSER_ADDRESS)
    await buildCritRun(clock, tick)

    // Tick N: sent at T, not mined within 0.5 s, replaced at T + 0.5 s, not mined by T + 1 s.
    const [pending] = await tick()
    expect(pending?.decision).toBe('pending')
    const [tx1, tx2] = pending!.routes![0]!.transactions
    expect(pending!.routes![0]!.transactions).toHaveLength(2)
    expect([tx1!.sentAt, tx2!.sentAt]).toEqual([start / 1000, start / 1000]) // whole seconds
    expect(wall.now()).toBe(start + 1000)
    const before = chat.mark()
    const texts = () => chat.since(before).slack

    // Tick N+1, at once: too soon for another replacement.
    clock.advance(15)
    expect((await tick())[0]?.decision).toBe('none')
    expect((await pooled(target, PAUSER_ADDRESS)).map((t) => t.hash)).toEqual([tx2!.hash])
    // Due 1 s after the last send, +1 s because send times are whole seconds: at T + 2 s, not a millisecond before.
    wall.advance(999)
    clock.advance(15)
    expect((await tick())[0]?.decision).toBe('none')
    expect(texts()).toEqual([])

    // Tick N+2, at T + 2 s: one replacement at a higher fee, same nonce, recorded and announced.
    wall.advance(1)
    clock.advance(15)
    const [replaced] = await tick()
    expect(replaced?.decision).toBe('pending')
    const route = replaced!.routes![0]!
    expect(route.transactions).toHaveLength(3)
    const tx3 = route.transactions[2]!
    expect(route.transactions.slice(0, 2)).toEqual([tx1, tx2])
    expect(BigInt(tx3.maxFeePerGas)).toBeGreaterThanOrEqual((BigInt(tx2!.maxFeePerGas) * 130n) / 100n)
    expect(BigInt(tx3.maxPriorityFeePerGas)).toBeGreaterThanOrEqual((BigInt(tx2!.maxPriorityFeePerGas) * 130n) / 100n)
    const pool = await pooled(target, PAUSER_ADDRESS)
    expect(pool).toEqual([{ nonce, maxFeePerGas: BigInt(tx3.maxFeePerGas), hash: tx3.hash }])
    const record = (await store.getIncident('pause-it', replaced!.incident!))!
    expect(record.routes[0]!.transactions.map((t) => t.hash)).toEqual([tx1!.hash, tx2!.hash, tx3.hash])
    expect(record.laterReplacements).toBe(1)
    expect(record.outcome).toBe('pending')
    expect(texts()).toHaveLength(1)
    expect(texts()[0]).toMatch(/re-sent at a higher fee/)
    expect(texts()[0]).toContain(tx3.hash)
    expect((await store.recentLog('pause-it', 1))[0]).toMatchObject({ kind: 'replaced', hashes: [tx3.hash] })

    expect(tx3.sentAt).toBe(start / 1000 + 2)

    // No storm: right after, nothing; after another wait, the bound (2 replacements) holds.
    clock.advance(15)
    expect((await tick())[0]?.decision).toBe('none')
    wall.advance(3000)
    clock.advance(15)
    expect((await tick())[0]?.decision).toBe('none')
    expect((await pooled(target, PAUSER_ADDRESS)).map((t) => t.hash)).toEqual([tx3.hash])
    expect(texts()).toHaveLength(1)

    // The sequencer mines: only the replacement lands; the next tick records it.
    await target.rpc('evm_mine')
    clock.advance(15)
    const [found] = await tick()
    expect(found?.decision).toBe('paused')
    expect(found?.routes?.[0]?.minedHash).toBe(tx3.hash)
    const client = devClient(target)
    for (const hash of [tx1!.hash, tx2!.hash])
      await expect(client.getTransactionReceipt({ hash })).rejects.toBeInstanceOf(TransactionReceiptNotFoundError)
    expect((await client.getTransactionReceipt({ hash: tx3.hash })).status).toBe('success')
    expect(await minedNonce(target, PAUSER_ADDRESS)).toBe(nonce + 1)
    expect(await pooled(target, PAUSER_ADDRESS)).toHaveLength(0)
    expect(await pausable.isPaused()).toBe(true)
    expect(texts()).toHaveLength(2)
    expect(texts()[1]).toMatch(/PAUSED/)
    expect((await breaker.status()).actions[0]?.incident?.outcome).toBe('paused')
  })

  it('at the maxFeeGwei cap already: no later replacement', async () => {
    const { target, clock, slack } = devnet
    const pausable = await deployPausableTarget(target, { pauser: PAUSER_ADDRESS })
    // The fee the breaker will pick (latest base fee × 2 + the node's priority suggestion), and a cap 20 % above it.
    const client = devClient(target)
    const block = await client.getBlock()
    const priority = BigInt(await client.request({ method: 'eth_maxPriorityFeePerGas' }))
    const first = (block.baseFeePerGas ?? 0n) * 2n + priority
    const maxFeeGwei = Number(formatGwei((first * 12n) / 10n))
    const { tick, wall } = await devnet.scenario(pausable.address, { receiptTimeoutSeconds: 0.3, maxReplacements: 1, maxAttempts: 3, maxFeeGwei })
    const nonce = await minedNonce(target, PAUSER_ADDRESS)
    await buildCritRun(clock, tick)

    const [pending] = await tick()
    expect(pending?.decision).toBe('pending')
    const transactions = pending!.routes![0]!.transactions
    expect(transactions).toHaveLength(2)
    expect(BigInt(transactions[1]!.maxFeePerGas)).toBeLessThanOrEqual(parseGwei(String(maxFeeGwei)))
    const slackBefore = slack.requests.length

    // Well past the wait (0.3 × 2 s since the last send, +1 s): a replacement would be due but for the cap.
    wall.advance(3000)
    const bounds = { waitSeconds: 0.6, maxTotal: 3, wallNowSeconds: wall.now() / 1000 }
    expect(replacementDue(pending!.routes![0]!, bounds)).toBe(true)
    expect(replacementDue(pending!.routes![0]!, { ...bounds, maxFeePerGasCap: parseGwei(String(maxFeeGwei)) })).toBe(false)
    clock.advance(15)
    expect((await tick())[0]?.decision).toBe('none')
    expect((await pooled(target, PAUSER_ADDRESS)).map((t) => t.hash)).toEqual([transactions[1]!.hash])
    expect(slack.requests.length).toBe(slackBefore)

    await target.rpc('evm_mine')
    clock.advance(15)
    expect((await tick())[0]?.decision).toBe('paused')
    expect(await minedNonce(target, PAUSER_ADDRESS)).toBe(nonce + 1)
  })
})

/**
 * Route l1-inbox on an OP devnet: the deposit is mined on L1 (`submitted`). The devnet has no derivation, so the
 * deposit's arrival on L2 is simulated by the signer's own pause() on the L2 anvil (the deposit executes from the
 * signer's address). Later ticks read paused() once per tick until it is true, then record and announce it once.
 */
describe('breaker, an L1-route pause followed up on L2', () => {
  let l1: Anvil
  let l2: Anvil // the halted sequencer: no automine
  let proxy: RpcProxy
  let dynamo: BreakerTable
  let slack: FakeSlack

  beforeAll(async () => {
    ;[l1, l2] = await Promise.all([startAnvil({ chainId: 900 }), startAnvil({ chainId: 901, noMining: true })])
    ;[dynamo, slack, proxy] = await Promise.all([startBreakerTable(), startFakeSlack({ token: slackToken }), startRpcProxy(l2.url)])
    await Promise.all([fund(l1, PAUSER_ADDRESS), fund(l2, PAUSER_ADDRESS)])
  })
  afterAll(async () => {
    await Promise.all([dynamo?.close(), slack?.stop(), proxy?.stop()])
    await Promise.all([l1?.stop(), l2?.stop()])
  })

  it('records the transition to paused with its L2 block and announces "pause confirmed on L2" once', async () => {
    const portal = await deployBreakerPortal(l1)
    const systemConfig = await deploySystemConfig(l1, { portal })
    const pausable = await deployPausableTarget(l2, { pauser: PAUSER_ADDRESS })
    const chain = { name: 'op-devnet', stack: 'op-stack', l2Rpc: [proxy.url], l1Rpc: [l1.url], contracts: { systemConfig }, thresholds: { liveness: { warn: 30, crit: 120 } } }
    const config = buildConfig({
      chains: [chain],
      notify: chatNotify({ slack, channel: 'C0B' }),
      breaker: armedBreaker([{ name: 'pause-l2', chain: 'op-devnet', checks: ['liveness'], for: 3, route: 'l1-inbox', target: { address: pausable.address } }], {
        send: { receiptTimeoutSeconds: 1, maxReplacements: 1 },
      }),
    })
    const tableName = await dynamo.table('confirm-l2')
    const store = createBreakerStore(dynamo.doc, tableName)
    const breaker = breakerFor({ config, tableName, dynamo, env: breakerEnv })
    const miniTick = createMiniTick(config.chains)
    const clock = await createChainClock(l2)
    const tick = async () => breaker.afterTick({ results: await miniTick(['op-devnet'], clock.now), now: clock.now })
    const targetReads = () =>
      proxy.requests.filter((r) => r.method === 'eth_call' && String((r.params as [{ to?: string }])[0]?.to ?? '').toLowerCase() === pausable.address.toLowerCase()).length

    const chat = chatTexts(slack)
    await buildCritRun(clock, tick, [l2])
    const [submitted] = await tick()
    expect(submitted?.decision).toBe('submitted')
    expect(submitted!.routes!.map((r) => r.route)).toEqual(['l1-inbox'])
    const before = chat.mark()

    // Not on L2 yet: one paused() read per tick, nothing recorded or announced.
    for (let i = 0; i < 2; i++) {
      clock.advance(15)
      proxy.resetCounts()
      const [outcome] = await tick()
      expect(outcome?.decision).toBe('none')
      expect(targetReads()).toBe(1)
    }
    expect((await store.getState('pause-l2'))?.incident?.outcome).toBe('submitted')
    expect(chat.since(before).slack).toEqual([])

    // The deposit "arrives": pause() from the signer, included in an L2 block.
    const l2Client = devClient(l2)
    const latest = await l2Client.getBlock()
    const serialized = await privateKeyToAccount(PAUSER_PRIVATE_KEY).signTransaction({
      type: 'eip1559',
      chainId: 901,
      nonce: await l2Client.getTransactionCount({ address: PAUSER_ADDRESS, blockTag: 'pending' }),
      to: pausable.address,
      data: PAUSE_SELECTOR,
      gas: 100_000n,
      maxFeePerGas: (latest.baseFeePerGas ?? 0n) * 2n + 1_000_000_000n,
      maxPriorityFeePerGas: 1_000_000_000n,
    })
    const hash = await l2Client.sendRawTransaction({ serializedTransaction: serialized })
    await l2.rpc('evm_mine')
    const receipt = await l2Client.getTransactionReceipt({ hash })
    expect(receipt.status).toBe('success')
    expect(await pausable.isPaused()).toBe(true)

    clock.advance(15)
    const [confirmed] = await tick()
    expect(confirmed?.decision).toBe('paused')
    const record = (await store.getIncident('pause-l2', submitted!.incident!))!
    expect(record.outcome).toBe('paused')
    expect(record.confirmedOnL2).toEqual({ at: clock.now, blockNumber: receipt.blockNumber.toString() })
    expect(record.routes).toEqual(submitted!.routes) // the L1 route as it was
    expect((await store.getState('pause-l2'))?.incident).toMatchObject({ outcome: 'paused', confirmedOnL2: { blockNumber: receipt.blockNumber.toString() } })
    const announced = chat.since(before).slack
    expect(announced).toHaveLength(1)
    expect(announced[0]).toMatch(/pause confirmed on L2/)
    expect(announced[0]).toContain(receipt.blockNumber.toString())
    expect((await breaker.status()).actions[0]?.incident?.outcome).toBe('paused')

    // Once, and no more reads of paused() after it.
    for (let i = 0; i < 2; i++) {
      clock.advance(15)
      proxy.resetCounts()
      expect((await tick())[0]?.decision).toBe('none')
      expect(targetReads()).toBe(0)
    }
    expect(chat.since(before).slack).toHaveLength(1)
  })
})
