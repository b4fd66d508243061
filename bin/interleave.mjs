#!/usr/bin/env node
// Registers tsx so that the CLI and users' model files can be TypeScript, then runs the CLI.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
