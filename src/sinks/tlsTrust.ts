// The certificate authorities a TLS connection of ours (SMTP, the Icinga 2
// API) trusts when its configuration names none: node's own, plus those of
// NODE_EXTRA_CA_CERTS. Node 20 reads and parses that file as it starts, some
// 30 ms of every start, so bin/sec keeps the variable from node's start
// (cli/launch.cts) and hands the file here; this module then does what node
// would have done, for the connections that need it.
import type tls from 'node:tls';
import { errnoText } from '../log/strerror.js';
import fs from '../modules/nodeFs.js';
import { builtin } from '../modules/onDemand.js';

const loadTls = builtin<typeof tls>('node:tls');

let extraCertificates: string | undefined;

/**
 * Trust the certificates in `file` (PEM) beside node's own from now on; a
 * file that cannot be read is reported as node reports it, and ignored.
 */
export function trustExtraCaCerts(file: string): void {
  try {
    extraCertificates = fs.readFileSync(file, 'latin1');
  } catch (e) {
    extraCertificates = undefined;
    process.stderr.write(`Warning: Ignoring extra certs from \`${file}\`, load failed: ${errnoText(e)}\n`);
  }
}

/** The `ca` option for a connection that names no CA of its own: undefined where node's defaults already hold everything. */
export function defaultCa(): string[] | undefined {
  return extraCertificates === undefined ? undefined : [...loadTls().rootCertificates, extraCertificates];
}

/** The `ca` option for a connection that trusts the certificates `pem` (a CA file's text) besides the defaults. */
export function defaultCaAnd(pem: string): string[] {
  return [...(defaultCa() ?? loadTls().rootCertificates), pem];
}
