// The version line sec prints for --version and logs at start.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pkg = require('../../../package.json') as { version: string };

export const VERSION_LINE = `sec-ts ${pkg.version} (SEC 2.9.1 compatible)`;
