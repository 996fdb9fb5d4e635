// bin/app.ts as `cdk synth` runs it (context via CDK_CONTEXT_JSON, output via CDK_OUTDIR): stages, config
// validation with plain messages, cdk-nag in the app.
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { stages } from '../../config/stages/stages.js'
import { loadConfig } from '../../functions/config/loadConfig.js'
import { repoRoot } from '../../lib/paths.js'
import { stageProblems } from '../../lib/stages.js'
import { cdkContext } from './synth.js'

const run = promisify(execFile)

async function synthApp(context: Record<string, unknown>): Promise<{ code: number; stderr: string; outdir: string }> {
  const outdir = mkdtempSync(join(tmpdir(), 'watchtower-app-'))
  try {
    const { stderr } = await run(resolve(repoRoot, 'node_modules/.bin/tsx'), ['bin/app.ts'], {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: tmpdir(),
        CDK_OUTDIR: outdir,
        CDK_CONTEXT_JSON: JSON.stringify({ ...cdkContext, 'aws:cdk:bundling-stacks': [], ...context }),
      },
    })
    return { code: 0, stderr, outdir }
  } catch (error) {
    const failed = error as { code?: number; stderr?: string }
    return { code: failed.code ?? -1, stderr: failed.stderr ?? '', outdir }
  }
}

function template(outdir: string, stackName: string): { Resources: Record<string, { Type: string; Properties: Record<string, any> }> } {
  return JSON.parse(readFileSync(join(outdir, `${stackName}.template.json`), 'utf8'))
}

describe('stage config', () => {
  it('every stage is valid and its watched config validates', () => {
    for (const [name, stage] of Object.entries(stages)) {
      expect(stageProblems(name, stage), name).toEqual([])
      expect(loadConfig(resolve(repoRoot, stage.configFile)).chains.length, name).toBeGreaterThan(0)
    }
    expect(new Set(Object.values(stages).map((stage) => stage.stackName)).size).toBe(Object.keys(stages).length)
    expect(stageProblems('Prod', { stackName: '1x', configFile: '' })).toHaveLength(3)
  })
})

describe('bin/app.ts', () => {
  it('synthesizes -c stage=prod and the default stage (staging) cleanly, cdk-nag included', async () => {
    const [prod, staging] = await Promise.all([synthApp({ stage: 'prod' }), synthApp({})])
    expect(prod.stderr).not.toMatch(/AwsSolutions-/)
    expect(prod.code).toBe(0)
    expect(staging.code).toBe(0)
    const resources = Object.values(template(prod.outdir, 'L2Watchtower-prod').Resources)
    const alarms = resources.filter((r) => r.Type === 'AWS::CloudWatch::Alarm').map((r) => r.Properties.AlarmName)
    expect(alarms.sort()).toEqual([
      'L2Watchtower-prod-heartbeat-missing',
      'L2Watchtower-prod-tick-duration-near-timeout',
      'L2Watchtower-prod-tick-errors',
      'L2Watchtower-prod-tick-throttles',
    ])
    expect(resources.filter((r) => r.Type === 'AWS::CloudWatch::Dashboard')).toHaveLength(1)
    expect(resources.find((r) => r.Type === 'AWS::KMS::Key')?.Properties.KeySpec).toBe('ECC_SECG_P256K1')
    expect(resources.find((r) => r.Type === 'AWS::DynamoDB::GlobalTable')?.Properties.TableName).toBe('l2-watchtower-prod')
    expect(resources.find((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.ReservedConcurrentExecutions === 1)).toBeDefined()
    const stagingTable = Object.values(template(staging.outdir, 'L2Watchtower-staging').Resources).find((r) => r.Type === 'AWS::DynamoDB::GlobalTable')
    expect(stagingTable?.Properties.TableName).toBe('l2-watchtower-staging')
  }, 240_000)

  it('fails with a plain message on an unknown stage or a bad watched config', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'watchtower-bad-'))
    const bad = join(dir, 'bad.yaml')
    // One letter's case flipped: an EIP-55 checksum failure, as a mistyped address would be.
    writeFileSync(bad, 'chains:\n  - name: Bad Name\n    stack: op-stack\n    l2Rpc: [not-a-url]\n    contracts: { systemConfig: "0x229047Fed2591dbec1eF1118d64F7aF3dB9EB290" }\n')
    const [unknown, invalid] = await Promise.all([synthApp({ stage: 'qa' }), synthApp({ stage: 'prod', config: bad })])
    expect(unknown.code).toBe(1)
    expect(unknown.stderr.trim()).toBe('Unknown stage "qa": use -c stage=staging or -c stage=prod (config/stages/stages.ts)')
    expect(invalid.code).toBe(1)
    expect(invalid.stderr).toMatch(/^Invalid config .*bad\.yaml: \d+ problems/)
    expect(invalid.stderr).toContain('  - chains[0].name: must be a lowercase slug (a-z, 0-9, -)')
    expect(invalid.stderr).toMatch(/ {2}- chains\[0\]\.contracts\.systemConfig: .*EIP-55 checksum/)
    expect(invalid.stderr).not.toMatch(/\n\s+at /) // no stack trace
  }, 240_000)
})
