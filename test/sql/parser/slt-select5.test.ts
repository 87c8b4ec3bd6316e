// Parse rate of ../shared/slt/select5.test (skipped when the file is absent); see slt-helper.ts.
import { sltParseSuite } from './slt-helper.js';

sltParseSuite('select5.test');
