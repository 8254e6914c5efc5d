// The README's quick start, as the tests that check it read it.
import fs from 'node:fs';
import path from 'node:path';

export interface QuickStart {
  /** The command after `npm install &&`. */
  command: string;
  /** The output block the README shows after it. */
  output: string;
}

export function readmeQuickStart(root: string): QuickStart {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = /^## Quick start\n([\s\S]*?)^## /m.exec(readme)?.[1] ?? '';
  const blocks = [...section.matchAll(/^```\w*\n([\s\S]*?)^```/gm)].map((m) => m[1]);
  const command = /^npm install && (.*)$/m.exec(blocks[0] ?? '')?.[1];
  if (!command) throw new Error('the README Quick start does not begin with `npm install && <command>`');
  if (!blocks[1]) throw new Error('the README Quick start shows no output');
  return { command, output: blocks[1] };
}
