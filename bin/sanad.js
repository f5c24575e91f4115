#!/usr/bin/env node
// The `sanad` command. TypeScript sources run through tsx: no build step.
//   sanad start            run the bot (adapters/main.ts)
//   sanad ask|check|eval   the command line tools (src/cli/main.ts)
import { existsSync } from 'node:fs';
import { register } from 'tsx/esm/api';

register();
if (existsSync('.env')) process.loadEnvFile('.env');
const [command] = process.argv.slice(2);
const entry = command === 'start' ? '../adapters/main.ts' : '../src/cli/main.ts';
const { main } = await import(new URL(entry, import.meta.url).href);
const code = await main(process.argv.slice(2));
if (command === 'start') process.exit(code); // Adapters closed their connections; leave no straggler.
if (typeof code === 'number') process.exitCode = code;
