// Conformance: index/between (BETWEEN over indexed columns; see conformance.ts).
import { conformanceSuite } from './conformance.js';

conformanceSuite('index/between', ['index']);
