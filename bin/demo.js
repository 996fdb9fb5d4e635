#!/usr/bin/env node
// `npm run demo` (TypeScript through tsx, as bin/watchtower.js).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

const { register } = await import('tsx/esm/api')

register()
await import('./demo.ts')
