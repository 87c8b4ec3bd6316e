// Parse rate of ../shared/slt/select3.test, second half (skipped when absent); see slt-helper.ts.
import { sltParseSuite } from './slt-helper.js';

sltParseSuite('select3.test', 2, 2);
