// Parse rate of ../shared/slt/select3.test (skipped when the file is absent); see slt-helper.ts.
import { sltParseSuite } from './slt-helper.js';

sltParseSuite('select3.test');
