// Which actions the rules use, and where: for start-up checks of actions
// that need a command-line option (the extensions that deliver to a
// monitoring system need to be told where it is).
import type { RuleFile } from '../rules/types.js';

export interface ActionUse {
  file: string;
  line: number;
}

const isPlain = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

/** The first rule (file and line) using each action kind, nested lists (create, if, while...) included. */
export function actionsUsed(files: readonly RuleFile[]): Map<string, ActionUse> {
  const used = new Map<string, ActionUse>();
  const visit = (value: unknown, where: ActionUse): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item, where);
    } else if (isPlain(value)) {
      // an action list holds plain objects with a `kind`; rules hold their lists in plain fields
      if (typeof value.kind === 'string' && !used.has(value.kind)) used.set(value.kind, where);
      for (const field of Object.values(value)) visit(field, where);
    }
  };
  for (const file of files) for (const rule of file.rules) visit(rule, { file: file.path, line: rule.line });
  return used;
}
