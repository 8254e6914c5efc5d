/** A pattern, pattern type or variable map that cannot be used: the rule is faulty. */
export class PatternError extends Error {}
