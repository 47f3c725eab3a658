// Who may reach a secret besides its owner: every grant in memory, so the monitor's check costs a lookup.
// Only GrantsService changes it, once a write is committed or another node's change is read.

export type GrantPermission = 'read' | 'write';

export interface Grant {
  secretId: string;
  principalId: string;
  permission: GrantPermission;
}

export class GrantIndex {
  /** secret → principal → permission */
  readonly #bySecret = new Map<string, Map<string, GrantPermission>>();
  /** principal → secrets granted to them */
  readonly #byPrincipal = new Map<string, Set<string>>();

  load(grants: Iterable<Grant>): void {
    this.clear();
    for (const grant of grants) this.set(grant);
  }

  clear(): void {
    this.#bySecret.clear();
    this.#byPrincipal.clear();
  }

  set({ secretId, principalId, permission }: Grant): void {
    const principals = this.#bySecret.get(secretId) ?? new Map<string, GrantPermission>();
    principals.set(principalId, permission);
    this.#bySecret.set(secretId, principals);
    const secrets = this.#byPrincipal.get(principalId) ?? new Set<string>();
    secrets.add(secretId);
    this.#byPrincipal.set(principalId, secrets);
  }

  remove(secretId: string, principalId: string): void {
    this.#bySecret.get(secretId)?.delete(principalId);
    this.#byPrincipal.get(principalId)?.delete(secretId);
  }

  /** Drops every grant of a principal (a machine identity revoked, say). */
  removePrincipal(principalId: string): void {
    for (const secretId of this.#byPrincipal.get(principalId) ?? [])
      this.#bySecret.get(secretId)?.delete(principalId);
    this.#byPrincipal.delete(principalId);
  }

  permission(secretId: string, principalId: string): GrantPermission | null {
    return this.#bySecret.get(secretId)?.get(principalId) ?? null;
  }

  grantsOf(secretId: string): Map<string, GrantPermission> {
    return this.#bySecret.get(secretId) ?? new Map();
  }

  secretsGrantedTo(principalId: string): ReadonlySet<string> {
    return this.#byPrincipal.get(principalId) ?? new Set();
  }
}
