import { describe, expect, it } from 'vitest';
import { pidOfPeer } from './peer-process.ts';

// What `ss -xpnH` prints for an agent connection: the agent's accepted end (inode 48211, its peer 48210)
// and the client's end (48210, its peer 48211), among other sockets, one with a path holding spaces.
const SS = [
  'u_str ESTAB 0 0 /run/user/1000/keyhold/agent.sock 48211 * 48210 users:(("keyhold",pid=900,fd=31))',
  'u_str ESTAB 0 0 * 48210 * 48211 users:(("ssh",pid=4242,fd=3))',
  'u_str ESTAB 0 0 /tmp/a folder/x.sock 50001 * 50002 users:(("other",pid=77,fd=9))',
  'u_str ESTAB 0 0 * 50002 /tmp/a folder/x.sock 50001 users:(("client",pid=78,fd=4))',
  'u_str ESTAB 0 0 * 60000 * 60001',
].join('\n');

describe('the process on the other end of an agent connection', () => {
  it('is the one holding the socket whose peer is the accepted socket', () => {
    expect(pidOfPeer(SS, 48211)).toBe(4242);
    expect(pidOfPeer(SS, 50001)).toBe(78);
  });

  it('is unknown when no visible process holds the peer', () => {
    expect(pidOfPeer(SS, 60001)).toBeNull();
    expect(pidOfPeer('', 48211)).toBeNull();
  });
});
