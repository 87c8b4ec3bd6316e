// Free TCP ports for tests that start servers as child processes (see bin/child-process.ts).
export { freePort, freePorts } from '../../bin/child-process.js';
