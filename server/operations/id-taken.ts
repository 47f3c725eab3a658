// The answer to a new secret whose client-chosen id is in use, shared by createSecret and stageImport.
import { OpError } from '../errors.ts';

/**
 * A new secret's id is in use. Someone else's id gets the answer every other operation gives for an id
 * the caller cannot see (`not_found`), so creating cannot confirm that it exists; the audit entry knows.
 * Only the caller's own id is a conflict (they know it exists).
 */
export function idTaken(own: boolean, field: string, label = 'a secret'): OpError {
  return own
    ? new OpError('conflict', `${label}: a secret of yours has this id already`, { field })
    : new OpError('not_found', 'no such secret', { field, auditCode: 'not_owner' });
}
