// Handlers for certificates: the list, client certificates (issue, renew, revoke), the server certificate, the CA.

import type {
  CertificateInfo,
  CertificateOverview,
  certificateOperations,
} from '../../contract/ops-certificates.ts';
import { describeCertificate } from '../certificates/certificate-authority.ts';
import { certificateStatus, isInUse, toCertificateInfo } from '../certificates/certificate-view.ts';
import {
  findCertificate,
  insertCertificate,
  listCertificateRows,
  makeCurrentServer,
  markRenewed,
  markRevoked,
  openCertificateAuthority,
} from '../certificates/certificates-repo.ts';
import {
  checkReplacement,
  issueClientCertificate,
  issueServerCertificate,
  renewClientCertificate,
} from '../certificates/issuing.ts';
import { leafPem } from '../certificates/pem.ts';
import { buildPkcs12 } from '../certificates/pkcs12.ts';
import type { TlsRuntime } from '../certificates/tls-runtime.ts';
import { OpError } from '../errors.ts';
import type { HandlersFor, OpContext } from '../monitor/context.ts';
import { countActiveSessions } from '../stats/stats-repo.ts';
import type { CertificateRow } from '../storage/tables/certificates.ts';
import { countUsersByState, findUserById } from '../users/users-repo.ts';

function runtimeOf(ctx: OpContext): TlsRuntime {
  if (!ctx.tls)
    throw new OpError('conflict', 'this server has no TLS listener, so no certificates to manage');
  return ctx.tls;
}

/** User names are sealed at rest: only those certificates name are opened. */
async function usernamesFor(ctx: OpContext, rows: readonly CertificateRow[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const id of new Set(rows.flatMap((r) => (r.issued_for ? [r.issued_for] : [])))) {
    const user = await findUserById(ctx.store, ctx.keyring, id);
    if (user) names.set(id, user.username);
  }
  return names;
}

async function infoOf(ctx: OpContext, row: CertificateRow): Promise<CertificateInfo> {
  return toCertificateInfo(row, ctx.now, await usernamesFor(ctx, [row]));
}

async function existingCertificate(ctx: OpContext, serial: string): Promise<CertificateRow> {
  const row = await findCertificate(ctx.db, serial);
  if (!row) throw new OpError('not_found', `no certificate with serial ${serial}`, { field: 'serial' });
  return row;
}

export const certificateHandlers: HandlersFor<keyof typeof certificateOperations> = {
  listCertificates: async (ctx, input) => {
    const rows = await listCertificateRows(ctx.db);
    const usernames = await usernamesFor(ctx, rows);
    const certificates = rows
      .map((row) => toCertificateInfo(row, ctx.now, usernames))
      .filter((c) => (!input.kind || c.kind === input.kind) && (!input.status || c.status === input.status));
    return { certificates };
  },

  issueClientCertificate: async (ctx, input) => {
    if (input.forUserId && !(await findUserById(ctx.store, ctx.keyring, input.forUserId))) {
      throw new OpError('not_found', 'no such user', { field: 'forUserId' });
    }
    const ca = await openCertificateAuthority(ctx.db, ctx.keyring);
    const issued = await issueClientCertificate(ca, {
      commonName: input.commonName,
      validityDays: input.validityDays,
      now: ctx.now,
    });
    const pkcs12 = input.pkcs12Password
      ? Buffer.from(await buildPkcs12(issued.certPem, issued.keyPem, input.pkcs12Password)).toString('base64')
      : null;
    const row = await ctx.atomically(async (trx) => {
      const inserted = await insertCertificate(trx, ctx.keyring, {
        kind: 'client',
        certPem: issued.certPem,
        issuedFor: input.forUserId ?? null,
        createdAt: ctx.nowIso,
      });
      ctx.setTarget(inserted.serial);
      return inserted;
    });
    return {
      certificate: await infoOf(ctx, row),
      certPem: issued.certPem,
      keyPem: issued.keyPem,
      pkcs12Base64: pkcs12,
    };
  },

  renewCertificate: async (ctx, { serial, validityDays }) => {
    const old = await existingCertificate(ctx, serial);
    if (old.kind !== 'client') {
      throw new OpError(
        'bad_request',
        `a ${old.kind} certificate is not renewed here: use renewServerCertificate`,
        {
          field: 'serial',
        },
      );
    }
    if (old.revoked_at)
      throw new OpError('conflict', 'a revoked certificate cannot be renewed', { field: 'serial' });
    const ca = await openCertificateAuthority(ctx.db, ctx.keyring);
    const certPem = await renewClientCertificate(ca, old.cert_pem, { validityDays, now: ctx.now });
    const row = await ctx.atomically(async (trx) => {
      const inserted = await insertCertificate(trx, ctx.keyring, {
        kind: 'client',
        certPem,
        issuedFor: old.issued_for,
        createdAt: ctx.nowIso,
      });
      await markRenewed(trx, old.serial, inserted.serial);
      ctx.setTarget(`${old.serial} renewed as ${inserted.serial}`);
      return inserted;
    });
    return { certificate: await infoOf(ctx, row), certPem };
  },

  revokeCertificate: async (ctx, { serial, reason }) => {
    const tls = runtimeOf(ctx);
    const row = await existingCertificate(ctx, serial);
    if (row.kind !== 'client') {
      throw new OpError(
        'bad_request',
        `only client certificates are revoked here, not the ${row.kind} certificate`,
        {
          field: 'serial',
        },
      );
    }
    if (row.revoked_at)
      throw new OpError('conflict', `already revoked on ${row.revoked_at}`, { field: 'serial' });
    await ctx.atomically((trx) => markRevoked(trx, ctx.keyring, row.serial, reason, ctx.nowIso));
    // Refused from the next request on, whatever happens to the CRL below.
    tls.markRevoked(row.serial);
    await tls.rebuildCrl(ctx.store, ctx.keyring, ctx.now);
    return { certificate: await infoOf(ctx, { ...row, revoked_at: ctx.nowIso, revoke_reason: reason }) };
  },

  renewServerCertificate: async (ctx, { validityDays }) => {
    const tls = runtimeOf(ctx);
    const names = ctx.state.settings.tls;
    const ca = await openCertificateAuthority(ctx.db, ctx.keyring);
    const issued = await issueServerCertificate(ca, {
      dnsNames: names.dnsNames,
      ipAddresses: names.ipAddresses,
      validityDays,
      now: ctx.now,
    });
    const row = await ctx.atomically(async (trx) => {
      const inserted = await insertCertificate(trx, ctx.keyring, {
        kind: 'server',
        certPem: issued.certPem,
        createdAt: ctx.nowIso,
      });
      await makeCurrentServer(trx, ctx.keyring, inserted.serial);
      ctx.setTarget(inserted.serial);
      return inserted;
    });
    // Served with the CA behind it, as at start, so a client meeting the server can see whom to trust.
    tls.installServerCertificate({
      cert: `${issued.certPem.trim()}\n${tls.caCertPem.trim()}\n`,
      key: issued.keyPem,
    });
    return { certificate: await infoOf(ctx, row) };
  },

  replaceServerCertificate: async (ctx, { certPem, keyPem }) => {
    const tls = runtimeOf(ctx);
    const checked = checkReplacement(certPem, keyPem, ctx.now);
    const { leafPem } = checked;
    const serial = describeCertificate(leafPem).serialNumber.toLowerCase();
    ctx.setTarget(serial);
    if (await findCertificate(ctx.db, serial)) {
      throw new OpError('conflict', `a certificate with serial ${serial} is already listed`, {
        field: 'certPem',
      });
    }
    const row = await ctx.atomically(async (trx) => {
      const inserted = await insertCertificate(trx, ctx.keyring, {
        kind: 'server',
        certPem: leafPem,
        createdAt: ctx.nowIso,
      });
      await makeCurrentServer(trx, ctx.keyring, inserted.serial);
      return inserted;
    });
    tls.installServerCertificate({ cert: checked.chainPem, key: checked.keyPem });
    return { certificate: await infoOf(ctx, row) };
  },

  downloadCaCertificate: async (ctx) => {
    const ca = describeCertificate(runtimeOf(ctx).caCertPem);
    ctx.setTarget(ca.serialNumber);
    return {
      certPem: runtimeOf(ctx).caCertPem,
      fingerprintSha256: ca.fingerprintSha256,
      expiresAt: ca.notAfter.toISOString(),
    };
  },

  getAdminOverview: async (ctx) => {
    const rows = await listCertificateRows(ctx.db);
    const counts = { valid: 0, expiring: 0, expired: 0, revoked: 0 };
    const attention: CertificateOverview['attention'] = [];
    const usernames = new Map<string, string>();
    for (const row of rows) {
      const status = certificateStatus(row, ctx.now);
      if (row.status !== 'superseded') counts[status] += 1;
      if (isInUse(row) && (status === 'expiring' || status === 'expired')) {
        const info = toCertificateInfo(row, ctx.now, usernames);
        attention.push({
          serial: info.serial,
          kind: info.kind,
          commonName: info.commonName,
          expiresAt: info.expiresAt,
          status,
          current: info.current,
        });
      }
    }
    attention.sort((a, b) => a.expiresAt.localeCompare(b.expiresAt));
    // Counted in SQL: the overview must stay cheap however many users there are.
    const users = await countUsersByState(ctx.db, ctx.nowIso);
    const served = ctx.tls ? describeCertificate(leafPem(ctx.tls.serverCertificate.cert)) : null;
    return {
      attention,
      certificates: counts,
      users,
      sessionsOpen: await countActiveSessions(ctx.store, ctx.now, ctx.state.settings.session.idleMinutes),
      keyringTerm: ctx.keyring.currentTerm,
      serverCertificateExpiresAt: served?.notAfter.toISOString() ?? null,
      caFingerprintSha256: ctx.tls ? describeCertificate(ctx.tls.caCertPem).fingerprintSha256 : '',
    };
  },
};
