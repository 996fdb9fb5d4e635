import { WatchtowerError } from '../../errors/WatchtowerError.js'

/** A ZKsync diamond or ValidatorTimelock read that cannot be turned into an observation. */
export class ZksyncError extends WatchtowerError {
  override name = 'ZksyncError'
}
