// The SHA-256 of a rule file's text, against which a saved state's
// operations are checked. node:crypto is loaded on the first call: loading
// it (and the streams library under it) took some 8 ms of every start,
// and only runs with --state-file ever ask.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function textDigest(text: string): string {
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  return createHash('sha256').update(text, 'latin1').digest('hex');
}
