// Certificates for tests that talk TLS to a peer on loopback: a CA of their
// own and a server certificate it signed, made with plain openssl.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface TestCertificates {
  /** The CA's certificate (PEM file): what a client trusts. */
  caFile: string;
  /** The server's certificate and key (PEM files). */
  certFile: string;
  keyFile: string;
}

/** A CA and a certificate for `commonName` (valid for localhost and 127.0.0.1), in `dir`. */
export function makeCertificates(dir: string, commonName: string): TestCertificates {
  fs.mkdirSync(dir, { recursive: true });
  const file = (name: string): string => path.join(dir, name);
  const openssl = (...args: string[]): void => {
    execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  };
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    `/CN=${commonName} test CA`,
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.crt'),
  );
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${commonName}`, '-keyout', file('node.key'), '-out', file('node.csr'));
  fs.writeFileSync(file('node.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  openssl(
    'x509',
    '-req',
    '-days',
    '2',
    '-in',
    file('node.csr'),
    '-CA',
    file('ca.crt'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-extfile',
    file('node.ext'),
    '-out',
    file('node.crt'),
  );
  return { caFile: file('ca.crt'), certFile: file('node.crt'), keyFile: file('node.key') };
}
