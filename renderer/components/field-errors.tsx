// Puts a refused input's sentence next to its field: a form wraps its fields in a scope naming the
// contract operation it sends; each field named by its input path shows the error about it and takes
// the contract's length limit; the form's general message keeps only what no field claimed.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { KeyholdError } from '../../client/index.ts';
import type { OperationName } from '../../contract/index.ts';
import { maxLengthAt, numberRangeAt } from './contract-limits.ts';
import { errorText } from './error-text.ts';

interface Scope {
  operation: OperationName;
  error: unknown;
  claimed: ReadonlySet<string>;
  claim(field: string): () => void;
}

const FieldErrorContext = createContext<Scope | null>(null);

interface FieldErrorScopeProps {
  /** The operation the form's fields are input of (their paths are that operation's input paths). */
  operation: OperationName;
  error: unknown;
  children: ReactNode;
}

export function FieldErrorScope({ operation, error, children }: FieldErrorScopeProps) {
  const [claimed, setClaimed] = useState<ReadonlySet<string>>(new Set());
  const claim = useCallback((field: string) => {
    setClaimed((set) => new Set(set).add(field));
    return () =>
      setClaimed((set) => {
        const next = new Set(set);
        next.delete(field);
        return next;
      });
  }, []);
  const scope = useMemo(() => ({ operation, error, claimed, claim }), [operation, error, claimed, claim]);
  return <FieldErrorContext.Provider value={scope}>{children}</FieldErrorContext.Provider>;
}

/** Whether `errorField` is about the field at `path` (or something inside it, like one tag of `tags`). */
function concerns(path: string, errorField: string | undefined): boolean {
  return errorField !== undefined && (errorField === path || errorField.startsWith(`${path}.`));
}

export interface FieldBinding {
  error: string | null;
  maxLength?: number;
  /** A number input's bounds. */
  min?: number;
  max?: number;
}

/** What a field at an input path shows: the sentence about it, if any, and the contract's limits. */
export function useFieldBinding(path: string | undefined): FieldBinding {
  const { t } = useTranslation();
  const scope = useContext(FieldErrorContext);
  const claim = scope?.claim;
  useEffect(() => (path && claim ? claim(path) : undefined), [path, claim]);
  if (!scope || !path) return { error: null };
  const maxLength = maxLengthAt(scope.operation, path);
  const error =
    scope.error instanceof KeyholdError && concerns(path, scope.error.field)
      ? errorText(t, scope.error).headline
      : null;
  return { error, ...(maxLength !== undefined && { maxLength }), ...numberRangeAt(scope.operation, path) };
}

/** True when a field in the enclosing scope already shows this error, so the form need not repeat it. */
export function useShownByField(error: unknown): boolean {
  const scope = useContext(FieldErrorContext);
  if (!scope || !(error instanceof KeyholdError) || error !== scope.error) return false;
  return [...scope.claimed].some((path) => concerns(path, error.field));
}
