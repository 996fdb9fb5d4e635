import { WatchtowerError } from '../../errors/WatchtowerError.js'

/** ScrollChain (or a contract found through it) did not answer as a Scroll L1 contract should. */
export class ScrollChainError extends WatchtowerError {
  override name = 'ScrollChainError'
}
