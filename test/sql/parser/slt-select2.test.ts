// Parse rate of ../shared/slt/select2.test (skipped when the file is absent); see slt-helper.ts.
import { sltParseSuite } from './slt-helper.js';

sltParseSuite('select2.test');
