// Conformance: random/select (see conformance.ts).
import { conformanceSuite } from './conformance.js';

conformanceSuite('random/select', ['random/select']);
