// Conformance: random/expr and random/groupby (see conformance.ts).
import { conformanceSuite } from './conformance.js';

conformanceSuite('random/expr and random/groupby', ['random/expr', 'random/groupby']);
