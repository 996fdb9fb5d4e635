import { BaseError, encodeErrorResult, keccak256, parseAbi, RawContractError, toHex } from 'viem'
import { describe, expect, it } from 'vitest'
import { type ChannelRoute, routesMessage } from '../../functions/alerts/ChannelRoute.js'
import type { BreakerAnnouncement } from '../../functions/alerts/OutboxEntry.js'
import { formatConsoleAnnouncement, formatSlackAnnouncement, formatTelegramAnnouncement } from '../../functions/notify/formatAnnouncement.js'
import { describeRevert, isRevertError, nameRole } from '../../functions/breaker/decodeRevert.js'
import { encodeCall } from '../../functions/breaker/functionCall.js'
import { failedMessage, pausedMessage, readinessMessage } from '../../functions/breaker/messages.js'
import { bumpFees } from '../../functions/breaker/sendTransaction.js'
import { createSigner, regionOfKeyArn } from '../../functions/breaker/signer.js'
import type { IncidentSummary, RouteResult } from '../../functions/breaker/types.js'
import { breakerActionSchema } from '../../functions/config/breakerSchema.js'
import { checkTelegramHtml } from '../fakes/checkTelegramHtml.js'

const signer = '0x90F79bf6EB2c4f870365E785982E1f101E93b906'
const errors = parseAbi(['error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)', 'error Whatever(uint256)'])
const reverted = (data: `0x${string}`) => new BaseError('execution reverted', { cause: new RawContractError({ data }) })

describe('revert decoding', () => {
  it('names OpenZeppelin errors and roles', () => {
    const data = encodeErrorResult({ abi: errors, errorName: 'AccessControlUnauthorizedAccount', args: [signer, keccak256(toHex('PAUSER_ROLE'))] })
    expect(describeRevert(reverted(data))).toBe(`AccessControlUnauthorizedAccount(${signer}, PAUSER_ROLE)`)
    expect(isRevertError(reverted(data))).toBe(true)
    expect(nameRole(`0x${'00'.repeat(32)}`)).toBe('DEFAULT_ADMIN_ROLE')
    expect(nameRole(`0x${'ab'.repeat(32)}`)).toBe(`0x${'ab'.repeat(32)}`)
  })

  it("today's portal errors by name (portal 5.x, ResourceMetering)", () => {
    const portal = parseAbi(['error OptimismPortal_GasLimitTooLow()', 'error OptimismPortal_CalldataTooLarge()', 'error OutOfGas()'])
    for (const errorName of ['OptimismPortal_GasLimitTooLow', 'OptimismPortal_CalldataTooLarge', 'OutOfGas'] as const)
      expect(describeRevert(reverted(encodeErrorResult({ abi: portal, errorName })))).toBe(`${errorName}()`)
  })

  it('Error(string), unknown selectors, and failures that are not reverts', () => {
    const message = encodeErrorResult({ abi: parseAbi(['error Error(string)']), errorName: 'Error', args: ['Pausable: paused'] })
    expect(describeRevert(reverted(message))).toBe('Error("Pausable: paused")')
    const unknown = encodeErrorResult({ abi: errors, errorName: 'Whatever', args: [5n] })
    expect(describeRevert(reverted(unknown))).toMatch(/^custom error 0x[0-9a-f]{8} \(not a known error/)
    expect(isRevertError(new Error('fetch failed'))).toBe(false)
  })
})

describe('calls and fees', () => {
  it('encodes configured signatures and arguments', () => {
    expect(encodeCall('pause()')).toBe('0x8456cb59')
    expect(encodeCall('setPaused(bool)', [true]).slice(0, 10)).toBe('0x16c38b3c')
    expect(() => encodeCall('setPaused(bool)')).toThrow(/takes 1 argument/)
  })

  it('bumps both fees by at least the percentage, within the cap', () => {
    const bumped = bumpFees({ maxFeePerGas: 100n, maxPriorityFeePerGas: 10n }, 30)
    expect(bumped).toEqual({ maxFeePerGas: 130n, maxPriorityFeePerGas: 13n })
    expect(bumpFees({ maxFeePerGas: 1n, maxPriorityFeePerGas: 1n }, 10)).toEqual({ maxFeePerGas: 2n, maxPriorityFeePerGas: 2n })
    const floor = bumpFees({ maxFeePerGas: 100n, maxPriorityFeePerGas: 10n }, 10, { maxFeePerGas: 500n, maxPriorityFeePerGas: 50n })
    expect(floor).toEqual({ maxFeePerGas: 500n, maxPriorityFeePerGas: 50n })
    const capped = bumpFees({ maxFeePerGas: 10_000_000_000n, maxPriorityFeePerGas: 9_000_000_000n }, 50, undefined, 10)
    expect(capped).toEqual({ maxFeePerGas: 10_000_000_000n, maxPriorityFeePerGas: 10_000_000_000n })
  })
})

describe('signer', () => {
  it('reads the region from a key ARN and refuses a private key on mainnets', async () => {
    expect(regionOfKeyArn('arn:aws:kms:eu-west-1:111122223333:key/abcd')).toBe('eu-west-1')
    expect(regionOfKeyArn('alias/breaker')).toBeUndefined()
    const key = createSigner({ privateKeyEnv: 'K', allowMainnetKey: false }, { env: { K: '7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6' } })
    expect((await key.account()).address).toBe(signer)
    expect(() => key.assertAllowedOn(10, 'op-mainnet')).toThrow(/refusing to sign for op-mainnet \(chain id 10/)
    expect(() => key.assertAllowedOn(901, 'devnet')).not.toThrow()
    const allowed = createSigner({ privateKeyEnv: 'K', allowMainnetKey: true }, { env: {} })
    expect(() => allowed.assertAllowedOn(1, 'ethereum')).not.toThrow()
    await expect(allowed.account()).rejects.toThrow(/K \(the breaker's private key\) is not set/)
    const fromEnv = createSigner({ kms: { keyIdEnv: 'WATCHTOWER_BREAKER_KMS_KEY_ID' } }, { env: {} })
    expect(fromEnv.description).toBe('KMS key from $WATCHTOWER_BREAKER_KMS_KEY_ID')
    await expect(fromEnv.account()).rejects.toThrow(/WATCHTOWER_BREAKER_KMS_KEY_ID \(the breaker's KMS key id\) is not set/)
  })
})

describe('announcements', () => {
  const action = breakerActionSchema.parse({
    name: 'pause-perps-op',
    chain: 'op-mainnet',
    checks: ['liveness'],
    target: { address: '0x00000000000000000000000000000000000000aa' },
  })
  const incident: IncidentSummary = {
    id: '000001',
    openedAt: 1_800_000_000,
    mode: 'armed',
    trigger: [{ check: 'liveness', status: 'crit', value: 230, reason: 'no new L2 block for 3 min <stalled> & co', count: 3, since: 1_800_000_000, agreeing: ['https://a', 'https://b'] }],
    outcome: 'paused',
    attempts: 1,
    claimedAt: 1_800_000_000,
  }
  const hash = `0x${'12'.repeat(32)}` as const
  const routes: RouteResult[] = [
    {
      route: 'l1-inbox',
      kind: 'op-deposit',
      chain: 'op-mainnet L1',
      chainId: 1,
      from: signer,
      to: '0xbEb5Fc579115071764c7423A4f12eDde41f106Ed',
      nonce: 7,
      transactions: [{ hash, maxFeePerGas: '30000000000', maxPriorityFeePerGas: '1500000000', sentAt: 1 }],
      status: 'mined',
      minedHash: hash,
      blockNumber: '123',
      l2TransactionHash: `0x${'34'.repeat(32)}`,
      explorer: 'https://etherscan.io',
    },
  ]

  it('a pause names the hash, fees and nonce, links the explorer, and is valid Telegram HTML', () => {
    const message = pausedMessage(action, incident, 'both', routes, 'submitted')
    const telegram = formatTelegramAnnouncement(message)
    expect(checkTelegramHtml(telegram)).toBeUndefined()
    expect(telegram).toContain(hash)
    expect(telegram).toContain(`<a href="https://etherscan.io/tx/${hash}">`)
    expect(telegram).toContain('&lt;stalled&gt; &amp; co')
    expect(telegram).toMatch(/nonce 7, max fee 30 gwei, priority 1.5 gwei/)
    expect(telegram).toMatch(/2 RPCs agree/)
    const slack = formatSlackAnnouncement(message)
    expect(slack.text).toContain(hash)
    expect(JSON.stringify(slack.blocks)).toContain(`<https://etherscan.io/tx/${hash}|op-mainnet L1 (OptimismPortal deposit) tx>`)
    expect(formatConsoleAnnouncement(message)).toMatch(/^breaker: Breaker pause submitted through L1: pause-perps-op/)
  })

  it('failures and readiness say what to do', () => {
    const failed = formatTelegramAnnouncement(failedMessage(action, { ...incident, attempts: 3 }, 'direct', 'AccessControlUnauthorizedAccount(0x…, PAUSER_ROLE)', [], true))
    expect(checkTelegramHtml(failed)).toBeUndefined()
    expect(failed).toMatch(/could NOT pause/)
    expect(failed).toMatch(/No further automatic attempts/)
    const notReady = readinessMessage(action, { action: action.name, checkedAt: 1, ready: false, signer, problems: [{ what: 'balance op-mainnet', message: 'below the floor' }], notes: [] })
    expect(formatTelegramAnnouncement(notReady)).toMatch(/NOT READY[\s\S]*balance op-mainnet: below the floor[\s\S]*watchtower breaker test pause-perps-op/)
  })

  it('is routed to every channel that follows its chain, whatever the channel severities; never to one that cannot announce', () => {
    const channel = (name: string, extra: Partial<ChannelRoute> = {}, announces = true): ChannelRoute => ({
      channel: { name, send: async () => undefined, ...(announces ? { announce: async () => {} } : {}) },
      ...extra,
    })
    const message: BreakerAnnouncement = { ...pausedMessage(action, incident, 'both', routes, 'paused'), event: 'paused', action: action.name, incident: incident.id }
    expect(message.chain).toBe('op-mainnet')
    const channels = [channel('slack'), channel('telegram', { chains: ['base'] }), channel('ops', { chains: ['op-mainnet'], severities: ['warn'] }), channel('legacy', {}, false)]
    expect(channels.filter((c) => routesMessage(c, { kind: 'breaker', announcement: message })).map((c) => c.channel.name)).toEqual(['slack', 'ops'])
    const alarm = { kind: 'health', alarm: { alarmName: 'heartbeat', state: 'ALARM', reason: 'silent' } } as const
    expect(channels.filter((c) => routesMessage(c, alarm)).map((c) => c.channel.name)).toEqual(['slack', 'telegram', 'ops'])
  })
})
