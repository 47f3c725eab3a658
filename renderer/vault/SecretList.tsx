// The virtualized list: only the rows in view exist in the page, whatever the size of the vault.
import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../app/session-context.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useSearchRows } from './use-search-rows.ts';
import type { ListSource } from './use-secret-pages.ts';

const ROW_HEIGHT = 52;

interface SecretListProps {
  source: ListSource;
  selectedId: string | null;
  onOpen(id: string): void;
  label: string;
  /** What to say, and offer, when the list is empty: it depends on why (a search, a folder, the trash). */
  empty: ReactNode;
}

export function SecretList({ source, selectedId, onOpen, label, empty }: SecretListProps) {
  const { t, i18n } = useTranslation();
  const { client } = useSession();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const [range, setRange] = useState({ first: 0, last: 40 });
  // Declared before the virtualizer so that its first measurement can already use the total.
  // With a search, username and URL matches from this window's index come first (use-search-rows.ts).
  const pages = useSearchRows(client, source, range);
  const virtualizer = useVirtualizer({
    count: pages.total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    onChange: (v) => {
      const items = v.getVirtualItems();
      const first = items[0]?.index ?? 0;
      const last = items.at(-1)?.index ?? 0;
      setRange((r) => (r.first === first && r.last === last ? r : { first, last }));
    },
  });

  // A new folder or search starts at the top.
  const sourceKey = JSON.stringify(source);
  // biome-ignore lint/correctness/useExhaustiveDependencies: resets on a new source only
  useEffect(() => {
    setActive(0);
    // Scrolling forces a layout: only when the list is not at the top already.
    if (scrollRef.current && scrollRef.current.scrollTop !== 0) virtualizer.scrollToOffset(0);
  }, [sourceKey]);

  const move = (to: number) => {
    if (pages.total === 0) return;
    const index = Math.max(0, Math.min(pages.total - 1, to));
    setActive(index);
    virtualizer.scrollToIndex(index, { align: 'auto' });
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT) / ROW_HEIGHT) - 1);
    const targets: Record<string, number> = {
      ArrowDown: active + 1,
      ArrowUp: active - 1,
      PageDown: active + page,
      PageUp: active - page,
      Home: 0,
      End: pages.total - 1,
    };
    const target = targets[e.key];
    if (target !== undefined) {
      e.preventDefault();
      move(target);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const row = pages.rowAt(active);
      if (row) onOpen(row.id);
    }
  };

  const activeRow = pages.rowAt(active);
  const dateFormat = useMemo(
    () => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' }),
    [i18n.language],
  );
  return (
    <div className="list-pane">
      <p className="list-count" role="status" aria-live="polite">
        {t('vault.count', { count: pages.total })}
      </p>
      <ErrorMessage error={pages.error} />
      {/* Outside the listbox: a listbox holds options only, and the empty state may offer buttons. */}
      {pages.total === 0 && !pages.isFetching && <div className="empty">{empty}</div>}
      <div
        ref={scrollRef}
        className="secret-list"
        role="listbox"
        aria-label={label}
        tabIndex={0}
        aria-activedescendant={activeRow ? `row-${activeRow.id}` : undefined}
        aria-busy={pages.isStale}
        onKeyDown={onKeyDown}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = pages.rowAt(item.index);
            const match = pages.matchAt(item.index);
            const style = { transform: `translateY(${item.start}px)`, height: ROW_HEIGHT };
            if (!row) {
              return (
                <div key={item.key} className="secret-row placeholder" style={style} aria-hidden="true" />
              );
            }
            return (
              // biome-ignore lint/a11y/useKeyWithClickEvents: the listbox handles the keyboard for its options
              <div
                key={item.key}
                id={`row-${row.id}`}
                role="option"
                tabIndex={-1}
                aria-selected={row.id === selectedId}
                className={`secret-row${item.index === active ? ' active' : ''}`}
                style={style}
                onClick={() => {
                  setActive(item.index);
                  onOpen(row.id);
                }}
              >
                <span className={`type-icon type-${row.type}`} aria-hidden="true" />
                <span className="row-main">
                  <span className="row-name">{row.name}</span>
                  <span className="row-path">
                    {row.path}
                    {row.tags.length > 0 && ` · ${row.tags.join(', ')}`}
                    {match && <span className="row-match">{` · ${match.field}: ${match.text}`}</span>}
                  </span>
                </span>
                <span className="row-date">{dateFormat.format(new Date(row.updatedAt))}</span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
