// node:fs, loaded through require instead of `import fs from 'node:fs'`. An
// ES module import of a built-in module builds a facade of all its exports,
// and reading node:fs's exports loads Node's whole streams library (for
// fs.ReadStream, which sec never uses): some 5 ms at every start, more than
// a tenth of `sec --version`.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

const fs: typeof import('node:fs') = require('node:fs');
export default fs;
