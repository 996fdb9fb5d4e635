import { parseEther } from 'viem'
import { describe, expect, it } from 'vitest'
import { type BalanceHistory, balanceSampleSeconds, rememberBalances } from '../../functions/chains/rememberBalances.js'
import { defaultThresholds } from '../../functions/checks/defaultThresholds.js'
import { operatorBalance } from '../../functions/checks/operatorBalance.js'
import { validateConfig } from '../../functions/config/parseConfig.js'
import type { Observation, OperatorBalanceObservation, OperatorWallet } from '../../functions/types.js'

const now = 1_800_000_000
const thresholds = defaultThresholds['op-stack']
const batcher = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' as const
const wallet = (balance: string, partial: Partial<OperatorWallet> = {}): OperatorWallet => ({
  role: 'batcher',
  address: batcher,
  source: 'SystemConfig.batcherHash',
  balanceWei: parseEther(balance),
  ...partial,
})
const observation = (wallets: OperatorWallet[]): Observation => ({
  chain: 'op-mainnet',
  stack: 'op-stack',
  l2: { ok: false, error: 'not read' },
  operatorBalances: { ok: true, value: { wallets } },
})

/** Ticks 15 min apart, each with the balance given; the history threads through as the tick's store would. */
function run(balances: string[], { tick = 900, role = 'batcher' as OperatorWallet['role'] } = {}) {
  let history: BalanceHistory | undefined
  let verdict
  for (const [i, balance] of balances.entries()) {
    const at = now + i * tick
    const reading: OperatorBalanceObservation = { wallets: [wallet(balance, { role })] }
    const remembered = rememberBalances({ ok: true, value: reading }, history, at)
    history = remembered.history
    verdict = operatorBalance({ ...observation([]), operatorBalances: remembered.reading }, thresholds, at)
  }
  return { verdict: verdict!, history: history! }
}

describe('operator-balance (pure)', () => {
  it('a batcher losing 0.1 ETH per 15-min tick from 9.6 ETH (a day of runway) is crit, with the runway in the reason', () => {
    const { verdict } = run(['9.6', '9.5', '9.4'])
    expect(verdict.status).toBe('crit')
    // 9.4 ETH at 0.2 ETH per 30 min = 9.6 ETH/d: 23.5 h.
    expect(verdict.value).toBe(84_600)
    expect(verdict.reason).toBe('batcher 0x7099…79C8 (SystemConfig.batcherHash): 9.4 ETH, spending 9.6 ETH/d: runway 23 h 30 min (crit under 24 h)')
    expect(verdict.details).toMatchObject({ batcherBalanceEth: 9.4, batcherRunway: 84_600 })
  })

  it('warn under 3 days, ok above; a first sample measures nothing yet', () => {
    expect(run(['20']).verdict).toMatchObject({ status: 'ok', value: null, reason: expect.stringContaining('spending rate not measured yet') })
    expect(run(['20', '19.9', '19.8']).verdict).toMatchObject({ status: 'warn', reason: expect.stringContaining('runway 2 d 1 h (warn under 3 d)') })
    expect(run(['100', '99.9', '99.8']).verdict.status).toBe('ok')
  })

  it('a top-up restarts the rate (funding is not spending); a wallet not spending is ok; an empty one crit at once', () => {
    const toppedUp = run(['9.6', '9.5', '50', '49.99', '49.98'])
    expect(toppedUp.verdict.status).toBe('ok')
    expect(toppedUp.history[batcher.toLowerCase()]?.[0]?.[1]).toBe(parseEther('50').toString())
    expect(run(['5', '5', '5']).verdict).toMatchObject({ status: 'ok', reason: expect.stringContaining('not spending') })
    expect(run(['0']).verdict).toMatchObject({ status: 'crit', value: 0, reason: expect.stringContaining('is empty (0 ETH)') })
  })

  it('samples at most every 5 min, so 15-s ticks do not fill the store', () => {
    const { history } = run(['10', '10', '10', '10', '10', '10', '10', '10'], { tick: 15 })
    expect(history[batcher.toLowerCase()]).toHaveLength(Math.ceil((7 * 15) / balanceSampleSeconds))
  })

  it('a balance that cannot be read is unknown; the worst wallet leads the reason', () => {
    const unreadable = operatorBalance(observation([wallet('1', { balanceWei: undefined, error: 'execution reverted' })]), thresholds, now)
    expect(unreadable).toMatchObject({ status: 'unknown', reason: expect.stringContaining('cannot read its L1 balance: execution reverted') })
    const both = operatorBalance(observation([wallet('5'), wallet('0', { role: 'proposer', source: 'proposer()', address: '0x000000000000000000000000000000000000dEaD' })]), thresholds, now)
    expect(both?.reason).toMatch(/^proposer 0x0000…dEaD \(proposer\(\)\) is empty/)
    expect(operatorBalance({ ...observation([]), operatorBalances: { ok: false, error: 'HTTP 503' } }, thresholds, now)?.status).toBe('unknown')
    expect(operatorBalance({ ...observation([]), operatorBalances: undefined }, thresholds, now)).toBeUndefined()
  })

  it('config: operators per chain and a runway threshold whose crit is below warn', () => {
    const chain = { name: 'arb', stack: 'arbitrum', l2Rpc: ['http://127.0.0.1:1'], l1Rpc: ['http://127.0.0.1:2'], contracts: { bridge: batcher } }
    const config = validateConfig({ chains: [{ ...chain, operators: { batcher, validator: batcher }, thresholds: { operatorBalance: { warn: 7 * 86400, crit: 2 * 86400 } } }] })
    expect(config.chains[0]).toMatchObject({ operators: { batcher, validator: batcher } })
    expect(() => validateConfig({ chains: [{ ...chain, thresholds: { operatorBalance: { warn: 86400, crit: 3 * 86400 } } }] })).toThrow(/crit must be lower than warn/)
    expect(() => validateConfig({ chains: [{ ...chain, operators: { sequencer: batcher } }] })).toThrow(/sequencer/)
  })
})
