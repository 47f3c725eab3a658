// The item view's "Share a link…" button: opens the link form prefilled with the item's value.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ShareLinkDialog } from './ShareLinkDialog.tsx';

export function ShareLinkAction({ text }: { text: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        {t('links.shareFromItem')}
      </button>
      {open && <ShareLinkDialog text={text} onClose={() => setOpen(false)} />}
    </>
  );
}
