// Parse rate of ../shared/slt/select1.test (skipped when the file is absent); see slt-helper.ts.
import { sltParseSuite } from './slt-helper.js';

sltParseSuite('select1.test');
