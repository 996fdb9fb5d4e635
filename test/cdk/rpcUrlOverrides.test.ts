// The optional RpcUrls secret: chain name → RPC URLs carrying API keys, replacing the bundled config's lists.
import { describe, expect, it } from 'vitest'
import { validateConfig } from '../../functions/config/parseConfig.js'
import { readBundledConfig } from '../../functions/runtime/readBundledConfig.js'
import {
  applyRpcUrlOverrides,
  describeRpcUrls,
  looksLikeKeyedUrl,
  parseRpcUrlOverrides,
} from '../../functions/runtime/rpcUrlOverrides.js'

const config = validateConfig({
  chains: [
    {
      name: 'base',
      stack: 'op-stack',
      l2Rpc: ['https://mainnet.base.org'],
      l1Rpc: ['https://ethereum-rpc.publicnode.com'],
      contracts: { systemConfig: '0x73a79Fab69143498Ed3712e519A88a918e1f4072' },
    },
  ],
})

describe('RpcUrls secret', () => {
  it('replaces the named lists of the named chains; a bare array means l2Rpc', () => {
    const parsed = parseRpcUrlOverrides(
      JSON.stringify({ base: { l1Rpc: ['https://eth-mainnet.g.alchemy.com/v2/SECRETKEY123456789012'] } }),
    )
    expect(parsed.problems).toEqual([])
    const { value, problems } = applyRpcUrlOverrides(config, parsed.value)
    expect(problems).toEqual([])
    const base = value.chains[0]!
    expect(base.l2Rpc).toEqual(['https://mainnet.base.org'])
    expect(base.l1Rpc).toEqual(['https://eth-mainnet.g.alchemy.com/v2/SECRETKEY123456789012'])
    expect(describeRpcUrls(base)).not.toContain('SECRETKEY')

    const shorthand = parseRpcUrlOverrides('{"base": ["https://base-mainnet.g.alchemy.com/v2/K"]}')
    expect(applyRpcUrlOverrides(config, shorthand.value).value.chains[0]!.l2Rpc).toEqual(['https://base-mainnet.g.alchemy.com/v2/K'])
  })

  it('treats an empty secret as no overrides and reports malformed parts without quoting them', () => {
    expect(parseRpcUrlOverrides('{}')).toEqual({ value: {}, problems: [] })
    expect(parseRpcUrlOverrides(undefined)).toEqual({ value: {}, problems: [] })
    const broken = parseRpcUrlOverrides('{"base": "https://x/KEY", ')
    expect(broken.problems).toEqual(["the RpcUrls secret is not valid JSON; the config's RPC URLs are used"])
    const partly = parseRpcUrlOverrides(
      JSON.stringify({ base: { l2Rpc: ['ftp://nope/KEY'], wsRpc: ['https://x'] }, other: { l2Rpc: ['https://y'] } }),
    )
    expect(partly.problems.join('\n')).toMatch(/base\.l2Rpc" must be a non-empty list of http\(s\) URLs/)
    expect(partly.problems.join('\n')).toMatch(/base\.wsRpc" is not one of/)
    expect(partly.problems.join('\n')).not.toContain('KEY')
    expect(applyRpcUrlOverrides(config, partly.value).problems).toEqual([
      'the RpcUrls secret names chain "other", which is not in the config; ignored',
    ])
  })

  it('settlementRpc: replaced on a zksync chain, refused (and said so) elsewhere', () => {
    const era = validateConfig({
      chains: [
        ...config.chains,
        { name: 'era', stack: 'zksync', l2Rpc: ['https://mainnet.era.zksync.io'], l1Rpc: ['https://ethereum-rpc.publicnode.com'], contracts: { diamond: '0x32400084C286CF3E17e7B677ea9583e60a000324' } },
      ],
    })
    const gateway = 'https://gateway.example/v2/SECRETKEY123456789012'
    const parsed = parseRpcUrlOverrides(JSON.stringify({ era: { settlementRpc: [gateway] }, base: { settlementRpc: [gateway] } }))
    expect(parsed.problems).toEqual([])
    const { value, problems } = applyRpcUrlOverrides(era, parsed.value)
    expect(value.chains[1]).toMatchObject({ settlementRpc: [gateway] })
    expect(value.chains[0]).not.toHaveProperty('settlementRpc')
    expect(problems).toEqual(['the RpcUrls secret sets base.settlementRpc, which only a zksync chain uses; ignored'])
  })

  it('spots URLs that look like they carry a key (synth warning)', () => {
    expect(looksLikeKeyedUrl('https://eth-mainnet.g.alchemy.com/v2/abcdefghijklmnopqrstuvwx')).toBe(true)
    expect(looksLikeKeyedUrl('https://mainnet.infura.io/v3/0123456789abcdef0123456789abcdef')).toBe(true)
    expect(looksLikeKeyedUrl('https://rpc.example.com/?apikey=abc')).toBe(true)
    expect(looksLikeKeyedUrl('https://mainnet.base.org')).toBe(false)
    expect(looksLikeKeyedUrl('https://eth.drpc.org')).toBe(false)
  })
})

describe('bundled config', () => {
  it('reads the JSON the stack bundles, and fails plainly without it', () => {
    expect(readBundledConfig(JSON.stringify(config)).chains[0]!.name).toBe('base')
    expect(() => readBundledConfig(undefined)).toThrow('WATCHTOWER_CONFIG_JSON is missing: deploy with the CDK stack')
    expect(() => readBundledConfig('{"chains": []}')).toThrow('holds no chains')
    expect(() => readBundledConfig('{')).toThrow('is not valid JSON')
  })
})
