#!/usr/bin/env node
// Entry shim for `npx strata` / `npm start`: registers the TypeScript loader, then runs bin/strata.ts.
import { register } from 'tsx/esm/api';

register();
await import('./strata.ts');
