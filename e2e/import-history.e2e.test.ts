// A KeePass export with history, imported through the window: the preview counts the earlier versions, and
// the item view and its history show the dates from the file, not the import's.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkScreen, launchChromium, newPerson } from './support/browser.ts';
import { ADMIN, initThroughApi, openAndSignIn } from './support/flows.ts';
import { type ServeProcess, startServeProcess } from './support/serve-process.ts';

const state = (password: string, created: string, modified: string) => `
          <Times>
            <LastModificationTime>${modified}</LastModificationTime>
            <CreationTime>${created}</CreationTime>
          </Times>
          <String><Key>Title</Key><Value>bank</Value></String>
          <String><Key>UserName</Key><Value>ada</Value></String>
          <String><Key>Password</Key><Value ProtectInMemory="True">${password}</Value></String>`;

/** One entry changed twice in KeePassXC: its two earlier states are in <History>, oldest first. */
const KEEPASS_XML = `<?xml version="1.0" encoding="utf-8" standalone="yes"?>
<KeePassFile>
  <Meta><Generator>KeePassXC</Generator></Meta>
  <Root>
    <Group>
      <UUID>AAAAAAAAAAAAAAAAAAAAAQ==</UUID>
      <Name>Passwords</Name>
      <Entry>
        ${state('bank-pw-3', '2019-03-01T08:00:00Z', '2024-01-10T09:00:00Z')}
        <History>
          <Entry>${state('bank-pw-1', '2019-03-01T08:00:00Z', '2019-03-01T08:00:00Z')}</Entry>
          <Entry>${state('bank-pw-2', '2019-03-01T08:00:00Z', '2021-06-15T12:30:00Z')}</Entry>
        </History>
      </Entry>
    </Group>
  </Root>
</KeePassFile>
`;

async function chooseImportFile(page: Page, name: string, content: string): Promise<Locator> {
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import secrets' });
  const chooser = page.waitForEvent('filechooser');
  await dialog.getByLabel('File to import').click();
  await (await chooser).setFiles({
    name,
    mimeType: 'application/octet-stream',
    buffer: Buffer.from(content),
  });
  return dialog;
}

describe('import with history', { timeout: 180_000 }, () => {
  let serve: ServeProcess;
  let page: Page;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const [s, browser] = await Promise.all([startServeProcess(), launchChromium()]);
    serve = s;
    close = () => browser.close();
    await initThroughApi(serve);
    page = (await newPerson(browser, serve.url)).page;
    await openAndSignIn(page, ADMIN.username, ADMIN.password);
  });
  afterAll(async () => {
    await close?.();
    await serve?.stop();
  });

  it('says how many earlier versions come along, and shows the dates from the file', async () => {
    const dialog = await chooseImportFile(page, 'bank.xml', KEEPASS_XML);
    const counts = dialog.getByRole('list', { name: 'What the import will do' });
    await expect
      .poll(() => counts.getByRole('listitem').allTextContents())
      .toEqual(['1 new', '0 already in the vault', '2 earlier versions come along, with their dates']);
    await checkScreen(page, 'import-history-preview');
    await dialog.getByRole('button', { name: 'Import 1 item' }).click();
    await dialog.getByText('2 earlier versions kept').waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.getByRole('option', { name: /bank/ }).click();
    await page.getByRole('heading', { name: 'bank', level: 2 }).waitFor();
    const meta = page.getByText(/^Created /);
    expect(await meta.textContent()).toMatch(/^Created Mar 1, 2019.*Updated Jan 10, 2024.* · version 3$/);
    await page.getByRole('button', { name: 'History' }).click();
    const history = page.getByRole('region', { name: 'History' }).getByRole('listitem');
    await expect.poll(() => history.count()).toBe(3);
    const lines = await history.allTextContents();
    expect(lines[0]).toMatch(/^Version 3, Jan 10, 2024/);
    expect(lines[1]).toMatch(/^Version 2, Jun 15, 2021/);
    expect(lines[2]).toMatch(/^Version 1, Mar 1, 2019/);
    await page.getByRole('button', { name: 'View version 1' }).click();
    await expect.poll(() => page.getByLabel('Value of version 1').textContent()).toBe('bank-pw-1');
    await checkScreen(page, 'import-history-item');
  });
});
