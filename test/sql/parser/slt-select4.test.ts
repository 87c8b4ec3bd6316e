// Parse rate of ../shared/slt/select4.test (skipped when the file is absent); see slt-helper.ts.
import { sltParseSuite } from './slt-helper.js';

sltParseSuite('select4.test');
