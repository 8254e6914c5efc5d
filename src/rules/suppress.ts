// Suppress: a matching event goes no further in this file (nor past it, as
// its continue says); nothing runs.
import { singlePattern, type RuleModule } from './module.js';
import type { SuppressRule } from './types.js';

export const suppress: RuleModule<SuppressRule> = singlePattern(
  (rule) => rule.next,
  () => [],
);
