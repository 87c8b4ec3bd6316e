// Conformance: the hand-written evidence files and select1–3 (see conformance.ts).
import { conformanceSuite } from './conformance.js';

conformanceSuite('evidence and select1-3', ['evidence', 'select1.test', 'select2.test', 'select3.test']);
