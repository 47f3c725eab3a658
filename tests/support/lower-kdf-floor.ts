// Lowers the KDF floor for a test process (vitest's setup file, and the preload of the server and CLI
// processes tests start), so tests can use cheap Argon2id. Production code never imports this.
import { lowerKdfFloorForTests } from '../../contract/kdf-test-switch.ts';

lowerKdfFloorForTests();
