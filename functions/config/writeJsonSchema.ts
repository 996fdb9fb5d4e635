import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { scenarioJsonSchema } from '../replay/scenarioSchema.js'
import { toJsonSchema } from './toJsonSchema.js'

// `npm run schema`: regenerates config/watchtower.schema.json (referenced by `$schema` in config files).
const target = resolve(import.meta.dirname, '../../config/watchtower.schema.json')
writeFileSync(target, `${JSON.stringify(toJsonSchema(), null, 2)}\n`)
console.log(`wrote ${target}`)

// …and config/scenario.schema.json for replay scenarios (replay/*.yaml).
const scenarioTarget = resolve(import.meta.dirname, '../../config/scenario.schema.json')
writeFileSync(scenarioTarget, `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`)
console.log(`wrote ${scenarioTarget}`)
