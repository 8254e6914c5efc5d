// The SHA-256 of a rule file's text, against which a saved state's
// operations are checked. node:crypto is loaded on the first call: loading
// it (and the streams library under it) took some 8 ms of every start,
// and only runs with --state-file ever ask.
import { builtin } from '../modules/onDemand.js';

const crypto = builtin<typeof import('node:crypto')>('node:crypto');

export function textDigest(text: string): string {
  return crypto().createHash('sha256').update(text, 'latin1').digest('hex');
}
