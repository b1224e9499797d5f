// Plain constants of the cost contract, apart from its zod schemas so the cost scan worker
// can use them without loading zod (its start-up time is the scan's first cost).

/** Above this many input tokens in one request, a model with a long-context tier charges its long-context rates. */
export const LONG_CONTEXT_TOKENS = 200_000
