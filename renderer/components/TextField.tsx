// A labelled input: the label gives the control its accessible name. Given `field` (its path in the
// contract operation of the enclosing FieldErrorScope), it takes that input's limits (length, or a
// number's bounds) and shows the refusal about it right under it.
import { type InputHTMLAttributes, useId } from 'react';
import { useFieldBinding } from './field-errors.tsx';
import './text-field.css';

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'> {
  label: string;
  value: string;
  onChange(value: string): void;
  hint?: string;
  /** The input path this field fills in the scope's operation (`admin.username`). */
  field?: string;
  /** A problem found before sending, shown like a refusal from the server. */
  problem?: string | null;
}

export function TextField({ label, value, onChange, hint, field, problem, ...rest }: TextFieldProps) {
  const id = useId();
  const binding = useFieldBinding(field);
  const error = problem ?? binding.error;
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  return (
    <div className={error ? 'field text-field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={described || undefined}
        aria-invalid={error ? true : undefined}
        {...(binding.maxLength !== undefined && { maxLength: binding.maxLength })}
        {...(rest.type === 'number' && binding.min !== undefined && { min: binding.min })}
        {...(rest.type === 'number' && binding.max !== undefined && { max: binding.max })}
        {...rest}
      />
      {hint && (
        <small id={`${id}-hint`} className="hint">
          {hint}
        </small>
      )}
      {error && (
        <div id={`${id}-error`} className="error text-field-error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}
