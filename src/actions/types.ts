// Actions as typed data: one variant per SEC action. Action lists are parsed
// once when the rule file loads; at run time only their strings change
// (match variables at match time, action-list variables when they run).

export type Action =
  | { kind: 'none' | 'break' | 'continue' }
  | { kind: 'logonly'; text: string }
  | { kind: 'write' | 'writen' | 'owritecl' | 'udgram' | 'ustream'; file: string; text: string }
  | { kind: 'closef' | 'closeudgr' | 'closeustr' | 'dropinput'; file: string }
  | { kind: 'udpsock' | 'tcpsock'; peer: string; text: string }
  | { kind: 'closeudp' | 'closetcp'; peer: string }
  | { kind: 'shellcmd' | 'spawn'; command: string }
  | { kind: 'cmdexec' | 'spawnexec'; argv: string[] }
  | { kind: 'cspawn'; context: string; command: string }
  | { kind: 'cspawnexec'; context: string; argv: string[] }
  | { kind: 'pipe'; text: string; command: string }
  | { kind: 'pipeexec'; text: string; argv: string[] }
  | { kind: 'create' | 'set'; context: string; lifetime: string; actions: Action[] }
  | { kind: 'delete' | 'obsolete' | 'unalias'; context: string }
  | { kind: 'alias'; context: string; alias: string }
  | { kind: 'add' | 'prepend' | 'fill'; context: string; text: string }
  | { kind: 'report'; context: string; command: string }
  | { kind: 'reportexec'; context: string; argv: string[] }
  | { kind: 'copy' | 'pop' | 'shift'; context: string; variable: string }
  | { kind: 'empty'; context: string; variable: string | null }
  /** SEC 2.9.4: drop the strings added before `time` (epoch, -N from now, +N from creation). */
  | { kind: 'trim'; time: string; context: string; variable: string | null }
  | { kind: 'exists' | 'getsize' | 'getaliases' | 'getltime' | 'getctime'; variable: string; context: string }
  | { kind: 'setltime'; context: string; lifetime: string }
  | { kind: 'setctime'; time: string; context: string }
  | { kind: 'event'; delaySeconds: number; text: string }
  | { kind: 'tevent'; delay: string; text: string }
  | { kind: 'cevent'; context: string; delay: string; text: string }
  | { kind: 'reset'; ruleFile: string; ruleIndex: number | null; desc: string }
  | { kind: 'getwpos'; variable: string; ruleFile: string; ruleIndex: number; desc: string }
  | { kind: 'setwpos'; time: string; ruleFile: string; ruleIndex: number; desc: string }
  | { kind: 'assign' | 'assignsq'; variable: string; value: string }
  | { kind: 'free'; variable: string }
  | { kind: 'eval'; variable: string; code: string }
  | { kind: 'call'; variable: string; codeVariable: string; params: string[] }
  | { kind: 'lcall'; variable: string; params: string[]; func: string; withCache: boolean }
  | { kind: 'rewrite'; count: string; text: string }
  | { kind: 'addinput'; file: string; offset: string; context: string }
  | { kind: 'sigemul'; signal: string }
  | { kind: 'varset'; variable: string; entry: string }
  | { kind: 'if'; variable: string; then: Action[]; else: Action[] }
  | { kind: 'while'; variable: string; body: Action[] };

export type ActionKind = Action['kind'];

/** A parsed action list and whether it mentions match variables at all. */
export interface ActionList {
  actions: Action[];
  /** Contains `$` match variables, so it must be copied and substituted per match. */
  volatile: boolean;
  /** Contains `%` shadow variables (Pair's action2). */
  volatileShadow: boolean;
  source: string;
}

/** Fields that name a variable, a rule or compiled code: never substituted. */
const FIXED_FIELDS = new Set(['kind', 'variable', 'codeVariable', 'ruleFile', 'ruleIndex', 'func', 'delaySeconds', 'withCache']);

/** A copy of `actions` with `f` applied to every substitutable string. */
export function mapActionStrings(actions: Action[], f: (s: string) => string): Action[] {
  return actions.map((a) => {
    const copy: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(a)) {
      if (FIXED_FIELDS.has(key) || value === null) copy[key] = value;
      else if (typeof value === 'string') copy[key] = f(value);
      else if (Array.isArray(value)) {
        copy[key] = value.length > 0 && typeof value[0] === 'object' ? mapActionStrings(value as Action[], f) : (value as string[]).map(f);
      } else copy[key] = value;
    }
    return copy as Action;
  });
}
