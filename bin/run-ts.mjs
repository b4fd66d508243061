#!/usr/bin/env node
// Runs a TypeScript file (e.g. the benchmark) with tsx registered: node bin/run-ts.mjs file.ts [args]
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const [file, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], file, ...args];
await import(pathToFileURL(resolve(file)).href);
