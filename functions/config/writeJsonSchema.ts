import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { toJsonSchema } from './toJsonSchema.js'

// `npm run schema`: regenerates config/watchtower.schema.json (referenced by `$schema` in config files).
const target = resolve(import.meta.dirname, '../../config/watchtower.schema.json')
writeFileSync(target, `${JSON.stringify(toJsonSchema(), null, 2)}\n`)
console.log(`wrote ${target}`)
