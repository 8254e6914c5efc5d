// Parsing action lists ("write - x; create C 10 (write - gone)") into typed
// actions, following SEC's rules: top-level parenthesised parts are masked
// before splitting on ';', each action is built by the syntax its keyword
// has in the action table, and the outer parentheses of a parameter are
// removed there.
import { containsVars } from '../patterns/matchVars.js';
import { actionSpec } from './registry.js';
import { type ActionListOrigin, ActionParseError, MASK, maskParens, type ParseContext, restoreParens } from './syntax.js';
import type { Action, ActionList } from './types.js';

function parseAction(masked: string, parts: string[], ctx: ParseContext): Action {
  const text = restoreParens(masked, parts);
  const keyword = text.split(/\s/, 1)[0].toLowerCase();
  const spec = actionSpec(keyword);
  if (!spec) throw new ActionParseError(`Invalid action '${text}'`);
  return spec.syntax({ text, masked, parts, keyword }, ctx);
}

/** Parse an action list into actions; throws ActionParseError with SEC's reason. */
export function parseActions(text: string, origin: ActionListOrigin): Action[] {
  const trimmed = text.replace(/^\s+|\s+$/g, '');
  const masked = maskParens(trimmed);
  if (!masked) throw new ActionParseError(`Unbalanced parentheses found in action list '${trimmed}'`);
  const pieces = masked.masked.split(/\s*;\s*/);
  // Perl's split drops trailing empty fields
  while (pieces.length && pieces[pieces.length - 1] === '') pieces.pop();
  // a nested list (create, set, if, while) may be empty
  const ctx: ParseContext = { origin, list: (nested) => (/^\s*$/.test(nested) ? [] : parseActions(nested, origin)) };
  const actions: Action[] = [];
  let next = 0;
  for (const piece of pieces) {
    const count = piece.split(MASK).length - 1;
    actions.push(parseAction(piece, masked.parts.slice(next, next + count), ctx));
    next += count;
  }
  return actions;
}

export function parseActionList(text: string, origin: ActionListOrigin): ActionList {
  return {
    actions: parseActions(text, origin),
    volatile: containsVars(text, '$'),
    volatileShadow: containsVars(text, '%'),
    source: text,
  };
}
