// A search box: its label is its accessible name and its placeholder, so the one word says what it finds.
import type { InputHTMLAttributes } from 'react';

interface SearchFieldProps
  extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value' | 'type' | 'placeholder'> {
  /** What it searches, as a person reads it ("Search users"). */
  label: string;
  value: string;
  onChange(value: string): void;
  /** A longer example than the label, where one helps ("Name, folder or tag"). */
  placeholder?: string;
}

export function SearchField({ label, value, onChange, placeholder, ...rest }: SearchFieldProps) {
  return (
    <input
      type="search"
      aria-label={label}
      placeholder={placeholder ?? label}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      {...rest}
    />
  );
}
