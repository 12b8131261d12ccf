/**
 * Keys the server signs with (architecture.md, signing flow 1): the organisation's seal key, and a person's key
 * when the agency keeps it on the server rather than on a USB token. Enrolled through the office's own CA by a
 * CA operator; the private key is kept as encrypted PKCS#8 under the CA passphrase and opened with the CA.
 */
import { KeyObject, randomUUID } from 'node:crypto';
import { PNG } from 'pngjs';
import type { CmsSigner } from '../../pades/index.ts';
import { buildName, exportEncryptedKey, generateKeyPair, importEncryptedKey, readCertificates, signingAlgorithmOf, subjectFieldsOf, x509, type Identifier, type KeyAlgorithm, type SubjectRequest } from '../../pki/index.ts';
import { writeWithAudit, type OfficeContext } from '../context.ts';
import { OfficeError } from '../office.errors.ts';
import type { PkiService } from '../pki/index.ts';
import { auditIdentity, requireCaOperator, type Operator } from '../pki/operator.ts';

export type KeyPurpose = 'personal' | 'seal';

/** The province goes into the certificate's subject (ST), as the Government CA writes it; keys are RSA-2048 unless asked */
export type Enrolment = ({ readonly keyAlgorithm?: KeyAlgorithm }) & (
  | { readonly purpose: 'personal'; readonly userId: string; readonly idNumber: Identifier; readonly province: string; readonly image: Uint8Array }
  | { readonly purpose: 'seal'; readonly agencyId: string; readonly province: string; readonly budgetCode?: string; readonly taxCode?: string; readonly image: Uint8Array; readonly diameterMm?: number });

export interface SigningKeyInfo {
  readonly id: string;
  readonly agencyId: string;
  readonly userId: string | null;
  readonly purpose: KeyPurpose;
  readonly holder: string;
  readonly serial: string;
  readonly notAfter: string;
}

export interface ServerSigner {
  readonly signer: CmsSigner;
  readonly image: Uint8Array;
  readonly diameterMm: number;
  readonly holder: string;
}

const MAX_IMAGE = 2 * 1024 * 1024;
/** A round seal of a district or commune is 35–42 mm across (Decree 99/2016 samples) */
const DEFAULT_SEAL_MM = 36;

function checkImage(image: Uint8Array): void {
  if (image.length === 0 || image.length > MAX_IMAGE) throw new OfficeError('OFFICE_SIGNING_IMAGE_INVALID');
  try {
    PNG.sync.read(Buffer.from(image));
  } catch {
    throw new OfficeError('OFFICE_SIGNING_IMAGE_INVALID');
  }
}

export function createSigningKeys(ctx: OfficeContext, pki: PkiService) {
  let passphrase: string | undefined;
  const opened = new Map<string, CryptoKey>();
  const db = () => ctx.db.kysely;
  /** The active key of a person (userId) or of an agency's seal (userId null) */
  const activeKey = (agencyId: string, userId: string | null, purpose: KeyPurpose) => {
    const query = db().selectFrom('signing_keys').where('active', '=', 1).where('purpose', '=', purpose).where('agency_id', '=', agencyId);
    return userId ? query.where('user_id', '=', userId) : query.where('user_id', 'is', null);
  };

  async function open(row: { id: string; key_pem: string }): Promise<CryptoKey> {
    const held = opened.get(row.id);
    if (held) return held;
    if (!passphrase) throw new OfficeError('OFFICE_SIGNING_LOCKED');
    const key = await importEncryptedKey(row.key_pem, passphrase);
    opened.set(row.id, key);
    return key;
  }

  return {
    /** Opened with the CA: the same passphrase encrypts these keys */
    async unlock(secret: string): Promise<number> {
      const rows = await db().selectFrom('signing_keys').select(['id', 'key_pem']).where('active', '=', 1).execute();
      // Tried on one key first: a wrong passphrase is refused before anything is kept
      if (rows[0]) await importEncryptedKey(rows[0].key_pem, secret);
      passphrase = secret;
      opened.clear();
      return rows.length;
    },

    /** A CA operator makes a key and its certificate for a person or an agency's seal; an older one is retired */
    async enrol(operator: Operator, input: Enrolment): Promise<SigningKeyInfo> {
      requireCaOperator(operator);
      if (!passphrase) throw new OfficeError('OFFICE_SIGNING_LOCKED');
      checkImage(input.image);
      const holder = input.purpose === 'personal'
        ? await db().selectFrom('users').innerJoin('agencies', 'agencies.id', 'users.agency_id').select(['users.id', 'users.full_name', 'users.email', 'users.agency_id', 'agencies.name as agency']).where('users.id', '=', input.userId).executeTakeFirst()
        : await db().selectFrom('agencies').select(['agencies.id', 'agencies.name as full_name', 'agencies.email', 'agencies.id as agency_id', 'agencies.name as agency']).where('agencies.id', '=', input.agencyId).executeTakeFirst();
      if (!holder) throw new OfficeError(input.purpose === 'personal' ? 'OFFICE_USER_NOT_FOUND' : 'OFFICE_AGENCY_NOT_FOUND');
      const subject: SubjectRequest = input.purpose === 'personal'
        ? { profile: 'individual', fullName: holder.full_name, agency: holder.agency, province: input.province, email: holder.email ?? '', idNumber: input.idNumber }
        : { profile: 'organisation', agencyName: holder.full_name, province: input.province, budgetCode: input.budgetCode, taxCode: input.taxCode };
      const algorithm = input.keyAlgorithm ?? 'RSA-2048';
      const keys = await generateKeyPair(algorithm);
      const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: buildName(subjectFieldsOf(subject)), keys, signingAlgorithm: signingAlgorithmOf(keys.privateKey) });
      const record = await pki.issue(operator, {
        csr: new Uint8Array(csr.rawData), profile: subject.profile, years: input.purpose === 'personal' ? 3 : 5,
        holderUserId: input.purpose === 'personal' ? holder.id : null, agencyId: holder.agency_id, subject,
      });
      const chain = (await db().selectFrom('pki_authorities').select(['id', 'certificate_pem']).where('kind', '=', 'issuing').execute()).map((r) => r.certificate_pem);
      const imageBlob = await ctx.blobs.put(input.image);
      const row = {
        id: randomUUID(), agency_id: holder.agency_id, user_id: input.purpose === 'personal' ? holder.id : null, purpose: input.purpose,
        certificate_serial: record.serial, certificate_pem: record.pem, chain_pem: chain.join('\n'), key_pem: exportEncryptedKey(keys.privateKey, passphrase),
        image_blob: imageBlob, seal_diameter_mm: input.purpose === 'seal' ? input.diameterMm ?? DEFAULT_SEAL_MM : null, active: 1, created_at: ctx.now().toISOString(),
      };
      await writeWithAudit(ctx, async (trx, audit) => {
        let retire = trx.updateTable('signing_keys').set({ active: 0 }).where('purpose', '=', input.purpose).where('agency_id', '=', row.agency_id);
        retire = row.user_id ? retire.where('user_id', '=', row.user_id) : retire.where('user_id', 'is', null);
        await retire.execute();
        await trx.insertInto('signing_keys').values(row).execute();
        const who = auditIdentity(operator);
        await audit({ actorId: who.actorId, agencyId: who.agencyId, action: 'signing.key.enrol', targetType: 'signing_key', targetId: row.id, details: { via: who.via, purpose: row.purpose, holder: holder.full_name, serial: record.serial } });
      });
      opened.set(row.id, keys.privateKey);
      return { id: row.id, agencyId: row.agency_id, userId: row.user_id, purpose: input.purpose, holder: holder.full_name, serial: record.serial, notAfter: record.notAfter };
    },

    /** The active key of a person (userId) or of an agency's seal (userId null), ready to sign */
    async signerFor(agencyId: string, userId: string | null, purpose: KeyPurpose): Promise<ServerSigner> {
      const row = await activeKey(agencyId, userId, purpose).selectAll().executeTakeFirst();
      if (!row) {
        const who = userId ? (await db().selectFrom('users').select('full_name').where('id', '=', userId).executeTakeFirst())?.full_name : (await db().selectFrom('agencies').select('name').where('id', '=', agencyId).executeTakeFirst())?.name;
        throw new OfficeError('OFFICE_SIGNING_KEY_MISSING', { purpose: purpose === 'seal' ? 'con dấu' : 'cá nhân', holder: who ?? '?' });
      }
      const certificate = new x509.X509Certificate(row.certificate_pem);
      return {
        signer: { certificate, chain: readCertificates(row.chain_pem), privateKey: await open(row) },
        image: await ctx.blobs.get(row.image_blob), diameterMm: row.seal_diameter_mm ?? DEFAULT_SEAL_MM, holder: certificate.subjectName.getField('CN')[0] ?? '',
      };
    },

    /** An agency's seal certificate and the root above it (PEM), by agency code: what the hub registers it with */
    async sealCertificateOf(agencyCode: string): Promise<{ certificate: string; root: string | undefined } | undefined> {
      const row = await db().selectFrom('signing_keys').innerJoin('agencies', 'agencies.id', 'signing_keys.agency_id').select('signing_keys.certificate_pem')
        .where('agencies.code', '=', agencyCode).where('signing_keys.purpose', '=', 'seal').where('signing_keys.active', '=', 1).executeTakeFirst();
      if (!row) return undefined;
      const root = await db().selectFrom('pki_authorities').select('certificate_pem').where('kind', '=', 'root').executeTakeFirst();
      return { certificate: row.certificate_pem, root: root?.certificate_pem };
    },

    /** An agency's seal key by its code, as a Node key: what its requests to the hub are signed with */
    async sealKeyOf(agencyCode: string): Promise<KeyObject> {
      const agency = await db().selectFrom('agencies').select('id').where('code', '=', agencyCode).executeTakeFirst();
      if (!agency) throw new OfficeError('OFFICE_AGENCY_NOT_FOUND');
      return KeyObject.from((await this.signerFor(agency.id, null, 'seal')).signer.privateKey!);
    },

    /** Whether a person has a key on the server (the UI offers server signing, or the token path) */
    async hasKey(agencyId: string, userId: string | null, purpose: KeyPurpose): Promise<boolean> {
      return (await activeKey(agencyId, userId, purpose).select('id').executeTakeFirst()) !== undefined;
    },
  };
}

export type SigningKeys = ReturnType<typeof createSigningKeys>;
