#!/usr/bin/env node
// The CLI is TypeScript; tsx runs it without a build step (same sources as the Lambda bundle).
// Node 20 is supported here; the SDK's notice about future releases is for the README, not every run.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

const { register } = await import('tsx/esm/api')

register()
await import('./watchtower.ts')
