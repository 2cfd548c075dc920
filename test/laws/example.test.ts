/** examples/laws.ts in vitest: the user's own fp-ts instance and task combinator, one test per law. */
import { describe, it } from 'vitest'
import { registerLaws } from '../../examples/laws.js'

describe('examples/laws.ts', () => registerLaws({ describe, it }))
