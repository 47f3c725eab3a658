// For tests that set up, with raw SQL, a state an older server allowed: the row gets its tag as the server
// would have written it (the server's own keyring), so it is not refused as tampering.
import { rowSealOf } from '../../server/integrity/row-seal.ts';
import { tagOf, userTag } from '../../server/integrity/row-tags.ts';
import type { UserRow } from '../../server/storage/tables/users.ts';
import type { TestServer } from './test-server.ts';

export async function retagUser(t: TestServer, id: string): Promise<void> {
  const row = await t.sqlRow<UserRow>('select * from users where id = ?', id);
  const tag = tagOf(rowSealOf(t.server.state.keyring), userTag(row));
  await t.sql('update users set row_seal = ? where id = ?', tag, id);
}
