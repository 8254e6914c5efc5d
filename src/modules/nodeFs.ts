// node:fs, loaded through require (onDemand's builtin) instead of
// `import fs from 'node:fs'`. An ES module import of a built-in module
// builds a facade of all its exports, and reading node:fs's exports loads
// Node's whole streams library (for fs.ReadStream, which sec never uses):
// some 5 ms at every start, more than a tenth of `sec --version`.
import { builtin } from './onDemand.js';

const fs = builtin<typeof import('node:fs')>('node:fs')();
export default fs;
