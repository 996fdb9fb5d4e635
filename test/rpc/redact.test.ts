import { HttpRequestError } from 'viem'
import { describe, expect, it } from 'vitest'
import { describeError } from '../../functions/rpc/describeError.js'
import { maxErrorTextLength } from '../../functions/errors/truncateText.js'
import { rememberSecretUrl, redactText, redactUrl } from '../../functions/rpc/redact.js'

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

  it('cuts a 500 KB HTML error page to one short line, and scrubs the key a server echoes without its URL', () => {
    const url = 'https://rpc.example.org/v2/SECRETKEY123456'
    const page = `<html><head><title>500 Internal Server Error</title></head><body>${'<p>no route /v2/SECRETKEY123456</p>'.repeat(15_000)}</body></html>`
    const error = new HttpRequestError({ url, status: 500, body: { method: 'eth_blockNumber' }, details: JSON.stringify(page) })
    const line = describeError(error)
    expect(line).toBe('HTTP request failed. HTTP 500 500 Internal Server Error (https://rpc.example.org/***)')
    const untitled = describeError(new HttpRequestError({ url, status: 502, details: JSON.stringify(page.replace(/<title>.*<\/title>/, '')) }))
    expect(untitled.length).toBeLessThanOrEqual(maxErrorTextLength)
    expect(untitled).toContain('HTTP 502')
    expect(untitled).not.toContain('SECRETKEY123456')
  })

  it('scrubs the key parts of configured RPC URLs from any text, but not plain words', () => {
    rememberSecretUrl('https://node.example/optimism/KEY0123456789?apikey=abcdef0123456789abcdef')
    expect(redactText('invalid key KEY0123456789 (apikey abcdef0123456789abcdef) on optimism')).toBe('invalid key *** (apikey ***) on optimism')
  })

  it('leaves no part of a key where a very long description is cut through it', () => {
    // 110 characters and a space: the cut at 4,800 goes through the 44th copy, 27 characters in.
    const key = `k${'0123456789'.repeat(10)}abcdefghi`
    rememberSecretUrl(`https://node.example/${key}`)
    const line = describeError(new Error(`${key} `.repeat(60)))
    expect(line).toMatch(/^\*\*\* \*\*\*/)
    expect(line).not.toContain(key.slice(0, 20))
  })
})
