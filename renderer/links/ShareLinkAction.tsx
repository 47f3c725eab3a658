// The item view's "Share a link…" button: opens the link form prefilled with the item's value (or one of
// its files).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ShareLinkDialog } from './ShareLinkDialog.tsx';

export function ShareLinkAction({ text, secretId }: { text: string; secretId: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        {t('links.shareFromItem')}
      </button>
      {open && <ShareLinkDialog text={text} secretId={secretId} onClose={() => setOpen(false)} />}
    </>
  );
}
