import { HttpRequestError } from 'viem'
import { describe, expect, it } from 'vitest'
import { describeError } from '../../functions/rpc/describeError.js'
import { redactText, redactUrl } from '../../functions/rpc/redact.js'

describe('RPC URL redaction', () => {
  it.each([
    ['https://eth-mainnet.g.alchemy.com/v2/SECRETKEY', 'https://eth-mainnet.g.alchemy.com/***'],
    ['https://rpc.example.org/?apikey=SECRET', 'https://rpc.example.org/***'],
    ['https://user:pass@rpc.example.org', 'https://rpc.example.org/***'],
    ['https://mainnet.optimism.io', 'https://mainnet.optimism.io'],
    ['https://mainnet.optimism.io/', 'https://mainnet.optimism.io'],
    ['http://127.0.0.1:8545', 'http://127.0.0.1:8545'],
    ['not a url', '***'],
  ])('%s → %s', (url, redacted) => {
    expect(redactUrl(url)).toBe(redacted)
  })

  it('redacts every URL in free text and keeps the punctuation after it', () => {
    expect(redactText('failed: https://a.example/v2/KEY; then https://b.example/x?k=1.')).toBe('failed: https://a.example/***; then https://b.example/***.')
  })

  it('describes a viem HTTP error in one line with the host and without the key', () => {
    const error = new HttpRequestError({ url: 'https://eth-mainnet.g.alchemy.com/v2/SECRETKEY', body: { method: 'eth_blockNumber' }, details: 'fetch failed' })
    const line = describeError(error)
    expect(line).toContain('eth-mainnet.g.alchemy.com')
    expect(line).not.toContain('SECRETKEY')
    expect(line).not.toContain('\n')
  })

  it('follows the cause chain of wrapped errors, redacted', () => {
    const wrapped = Object.assign(new Error('SystemConfig did not answer'), { cause: new Error('connect to https://node.example/token/ABC failed') })
    expect(describeError(wrapped)).toBe('SystemConfig did not answer: connect to https://node.example/*** failed')
  })
})
