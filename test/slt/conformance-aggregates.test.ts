// Conformance: random/aggregates (see conformance.ts).
import { conformanceSuite } from './conformance.js';

conformanceSuite('random/aggregates', ['random/aggregates']);
