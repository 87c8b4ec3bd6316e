// Loads every built-in function module; each registers its functions with the registry.
import './arithmetic.js';
import './comparison.js';
import './control.js';
import './string.js';
import './math.js';
import './datetime.js';
import './json.js';
import './info.js';
import './sleep.js';
import './bitwise.js';
import './regexp.js';
import './encoding.js';
