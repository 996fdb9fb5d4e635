import type { KnownBlock } from '@slack/web-api'
import { describe, expect, it } from 'vitest'
import { formatSlackMessage, formatTelegramMessage } from '../../functions/notify/formatMessage.js'
import { checkTelegramHtml } from '../fakes/checkTelegramHtml.js'
import { change, NOW } from './sampleChanges.js'

/** All text a reader sees in the blocks, markup included. */
function blockText(blocks: readonly KnownBlock[]): string {
  return JSON.stringify(blocks)
}

describe('formatSlackMessage', () => {
  it('builds a header plus a section per change with transition, value vs thresholds and reason', () => {
    const { text, blocks } = formatSlackMessage([change()])
    expect(text).toBe('🚨 op-mainnet liveness CRIT: no new L2 block for 47 min')
    expect(blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: '🚨 op-mainnet: liveness CRIT', emoji: true },
    })
    expect(blocks[1]).toEqual({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: '🚨 *liveness*: ok → crit\n*Value:* 47 min (warn 10 min, crit 30 min)\nno new L2 block for 47 min',
      },
    })
    expect(blocks[2]).toMatchObject({ type: 'context' })
    expect(blockText(blocks)).toContain(`<!date^${NOW}^{date_short_pretty} {time}|2024-05-01 12:00 UTC>`)
  })

  it('says "resolved" and how long the previous status lasted', () => {
    const resolved = change({
      previous: 'crit',
      previousSince: NOW - 47 * 60,
      verdict: { status: 'ok', value: 12, reason: 'head is 12 s old' },
    })
    const { text, blocks } = formatSlackMessage([resolved])
    expect(text).toBe('✅ op-mainnet liveness OK (resolved after 47 min): head is 12 s old')
    expect(blockText(blocks)).toContain('✅ *liveness*: resolved (crit for 47 min)')
    expect(blockText(blocks)).toContain('*Value:* 12 s (warn 10 min, crit 30 min)')
  })

  it('says "resolved" without a duration when previousSince is unknown', () => {
    const { blocks } = formatSlackMessage([change({ previous: 'warn', verdict: { status: 'ok' } })])
    expect(blockText(blocks)).toContain('resolved (was warn)')
  })

  it('tells how long a problem status held when it escalates, but not how long ok held', () => {
    const escalated = formatSlackMessage([change({ previous: 'warn', previousSince: NOW - 2 * 3600 - 300 })])
    expect(blockText(escalated.blocks)).toContain('warn → crit (warn for 2 h 5 min)')
    const fresh = formatSlackMessage([change({ previous: 'ok', previousSince: NOW - 3 * 86_400 })])
    expect(blockText(fresh.blocks)).toContain('ok → crit\\n')
  })

  it('shows unmeasured values and verdict details', () => {
    const unknown = change({
      verdict: {
        check: 'sequencer-lag',
        status: 'unknown',
        value: null,
        reason: 'all RPCs failed',
        details: { blocksBehind: 12, safeTagServed: false, error: null },
      },
    })
    const { text, blocks } = formatSlackMessage([unknown])
    expect(text).toBe('❔ op-mainnet sequencer-lag UNKNOWN: all RPCs failed')
    expect(blockText(blocks)).toContain('*Value:* not measured')
    expect(blockText(blocks)).toContain('blocksBehind: 12 · safeTagServed: no · error: n/a')
  })

  it('puts several changes of one chain in one message under the worst status', () => {
    const { text, blocks } = formatSlackMessage([
      change({ verdict: { check: 'sequencer-lag', status: 'warn', reason: 'safe head 12 min behind' } }),
      change(),
    ])
    expect(blocks[0]).toMatchObject({ text: { text: '🚨 op-mainnet: sequencer-lag WARN, liveness CRIT' } })
    expect(blocks.filter((block) => block.type === 'section')).toHaveLength(2)
    expect(text).toBe('🚨 op-mainnet sequencer-lag WARN: safe head 12 min behind; liveness CRIT: no new L2 block for 47 min')
  })

  it('escapes <, > and & in dynamic text (Slack reads <…> as links and mentions)', () => {
    const { text, blocks } = formatSlackMessage([change({ verdict: { reason: 'rpc <!channel> said a & b > c' } })])
    expect(text).toContain('rpc &lt;!channel&gt; said a &amp; b &gt; c')
    expect(blockText(blocks)).toContain('rpc &lt;!channel&gt; said a &amp; b &gt; c')
    expect(blockText(blocks)).not.toContain('<!channel>')
  })

  it('keeps the header within Slack’s 150 characters', () => {
    const long = Array.from({ length: 3 }, () => change({ verdict: { chain: 'x'.repeat(80) } }))
    const header = formatSlackMessage(long).blocks[0] as { text: { text: string } }
    expect(header.text.text.length).toBeLessThanOrEqual(150)
  })
})

describe('formatTelegramMessage', () => {
  it('writes bold chain, emoji per status, transition, value vs thresholds and reason', () => {
    const html = formatTelegramMessage([change()])
    expect(html).toBe(
      [
        '🚨 <b>op-mainnet</b>: liveness CRIT',
        '',
        '🚨 <b>liveness</b>: ok → crit',
        'Value: 47 min (warn 10 min, crit 30 min)',
        '<i>no new L2 block for 47 min</i>',
        'since 2024-05-01 12:00 UTC',
      ].join('\n'),
    )
  })

  it.each([
    ['ok', '✅'],
    ['warn', '⚠️'],
    ['crit', '🚨'],
    ['unknown', '❔'],
  ] as const)('uses %s → %s', (status, emoji) => {
    const html = formatTelegramMessage([change({ previous: status === 'ok' ? 'crit' : 'ok', verdict: { status } })])
    expect(html.startsWith(`${emoji} <b>op-mainnet</b>`)).toBe(true)
  })

  it('says resolved with the duration', () => {
    const html = formatTelegramMessage([
      change({ previous: 'crit', previousSince: NOW - 3 * 3600, verdict: { status: 'ok', value: 5 } }),
    ])
    expect(html).toContain('✅ <b>liveness</b>: resolved (crit for 3 h)')
  })

  it('escapes <, > and & in every dynamic part and stays valid Telegram HTML', () => {
    const html = formatTelegramMessage([
      change({
        verdict: { chain: 'a<b>&c', reason: '<script>alert(1)</script> & more', details: { note: 'x > y' } },
      }),
    ])
    expect(html).toContain('<b>a&lt;b&gt;&amp;c</b>')
    expect(html).toContain('<i>&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</i>')
    expect(html).toContain('note: x &gt; y')
    expect(html).not.toContain('<script>')
    expect(checkTelegramHtml(html)).toBeUndefined()
    // …and the fake's check has teeth:
    expect(checkTelegramHtml('<b>a<script>alert(1)</script> & b</b>')).toMatch(/can't parse entities/)
  })

  it('caps very long reasons', () => {
    const html = formatTelegramMessage([change({ verdict: { reason: 'e'.repeat(10_000) } })])
    expect(html.length).toBeLessThan(1000)
    expect(html).toContain('…</i>')
  })
})
