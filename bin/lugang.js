#!/usr/bin/env node
// Entry point of the `lugang` command: TypeScript runs through tsx's loader, no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/apps/cli/main.ts');
