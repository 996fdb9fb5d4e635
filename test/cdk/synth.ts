// Shared by the CDK tests: the feature flags of cdk.json, no esbuild bundling, a small valid config.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { App } from 'aws-cdk-lib'
import { Template } from 'aws-cdk-lib/assertions'
import { validateConfig } from '../../functions/config/parseConfig.js'
import type { WatchtowerConfig } from '../../functions/config/schema.js'
import { repoRoot } from '../../lib/paths.js'
import { WatchtowerStack, type WatchtowerStackProps } from '../../lib/WatchtowerStack.js'

export const cdkContext = (JSON.parse(readFileSync(resolve(repoRoot, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> })
  .context

export const opChain = {
  name: 'op-mainnet',
  stack: 'op-stack',
  l2Rpc: ['https://mainnet.optimism.io'],
  l1Rpc: ['https://ethereum-rpc.publicnode.com'],
  contracts: { systemConfig: '0x229047fed2591dbec1eF1118d64F7aF3dB9EB290' },
}

export const evmChain = { name: 'plain', stack: 'evm', l2Rpc: ['https://rpc.example.org'] }

export function makeConfig(notify: Record<string, unknown> = {}, chains: unknown[] = [opChain]): WatchtowerConfig {
  return validateConfig({ chains, notify })
}

export const bothChannels = makeConfig({
  slack: { channel: '#alerts' },
  telegram: { chatId: -1001234567890, tokenEnv: 'TG_TOKEN' },
})

/** An app with cdk.json's feature flags that skips esbuild bundling (assets still get a hash). */
export function testApp(): App {
  return new App({ context: { ...cdkContext, 'aws:cdk:bundling-stacks': [] } })
}

export function synth(overrides: Partial<WatchtowerStackProps> = {}, app = testApp()): { stack: WatchtowerStack; template: Template } {
  const stack = new WatchtowerStack(app, overrides.stage ? `L2Watchtower-${overrides.stage}` : 'Watchtower', {
    config: bothChannels,
    configSource: 'test/inline.yaml',
    ...overrides,
  })
  return { stack, template: Template.fromStack(stack) }
}

export function logicalId(stack: WatchtowerStack, construct: { node: { defaultChild?: unknown } }): string {
  return stack.getLogicalId(construct.node.defaultChild as Parameters<WatchtowerStack['getLogicalId']>[0])
}
