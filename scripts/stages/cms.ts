// cms: the CMS SignedData of a seal (RFC 5652), as PAdES baseline (ETSI EN 319 142-1)
// and CAdES ask: detached, SHA-256, signed attributes contentType, messageDigest and ESS
// signing-certificate-v2, no signing-time (the time is the PDF's /M). Optionally an
// RFC 3161 signature time-stamp token as an unsigned attribute (PAdES-B-T). And the
// reader a verifier needs: the certificate, the attributes, the signature, the token.
import { createHash } from 'node:crypto';
import {
  algorithm,
  children,
  ctx,
  int,
  octets,
  oid,
  oidOf,
  read,
  seq,
  set,
  timeOf,
  type Tlv,
} from './der.ts';

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  ecPublicKey: '1.2.840.10045.2.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
} as const;

/** What signs: the certificate (DER), its key type, and a signature over the signed attributes. */
export interface Signer {
  certificate: Uint8Array;
  /** The certificates that issued it, for a verifier without them (may be empty). */
  chain: Uint8Array[];
  keyType: 'rsa' | 'ec';
  /** SHA-256 with the private key over `data` (RSA PKCS #1 v1.5, or ECDSA as DER). */
  sign(data: Uint8Array): Uint8Array;
}

/** The serial number and issuer Name of a certificate, as their DER elements. */
export function issuerAndSerial(certificate: Uint8Array): {
  serial: Uint8Array;
  issuer: Uint8Array;
} {
  const [tbs] = children(read(certificate));
  if (!tbs) throw new Error('certificate: no TBSCertificate');
  const fields = children(tbs);
  const o = fields[0]?.tag === 0xa0 ? 1 : 0;
  const serial = fields[o]?.raw;
  const issuer = fields[o + 2]?.raw;
  if (!serial || !issuer) throw new Error('certificate: no serial number or issuer');
  return { serial, issuer };
}

const attribute = (type: string, value: Uint8Array): Uint8Array => seq(oid(type), set(value));

/** ESS signing-certificate-v2 (RFC 5035): the certificate's SHA-256 (the default algorithm) and issuer/serial. */
function signingCertificateV2(certificate: Uint8Array): Uint8Array {
  const { serial, issuer } = issuerAndSerial(certificate);
  const hash = createHash('sha256').update(certificate).digest();
  const issuerSerial = seq(seq(ctx(4, true, issuer)), serial);
  return seq(seq(seq(octets(hash), issuerSerial)));
}

/** The DER of the signed attributes as a SET: what the signature is computed over. */
export function signedAttributes(digest: Uint8Array, certificate: Uint8Array): Uint8Array {
  return set(
    attribute(OID.contentType, oid(OID.data)),
    attribute(OID.messageDigest, octets(digest)),
    attribute(OID.signingCertificateV2, signingCertificateV2(certificate)),
  );
}

export interface SignedParts {
  /** The signed attributes, DER SET (tag 0x31). */
  attributes: Uint8Array;
  signature: Uint8Array;
}

/** Signs the attributes over `digest` (the SHA-256 of the signed content). */
export function signAttributes(digest: Uint8Array, signer: Signer): SignedParts {
  const attributes = signedAttributes(digest, signer.certificate);
  return { attributes, signature: signer.sign(attributes) };
}

/** The ContentInfo of a detached SignedData; `timestamp` is an RFC 3161 token (ContentInfo DER). */
export function signedData(parts: SignedParts, signer: Signer, timestamp?: Uint8Array): Uint8Array {
  const { serial, issuer } = issuerAndSerial(signer.certificate);
  const sigAlg =
    signer.keyType === 'rsa' ? algorithm(OID.rsaEncryption, true) : algorithm(OID.ecdsaWithSha256);
  const unsigned = timestamp
    ? [ctx(1, true, attribute(OID.signatureTimeStampToken, timestamp))]
    : [];
  const signerInfo = seq(
    int(1),
    seq(issuer, serial),
    algorithm(OID.sha256),
    // [0] IMPLICIT SET OF Attribute: the same content as the signed SET, tag A0.
    ctx(0, true, read(parts.attributes).value),
    sigAlg,
    octets(parts.signature),
    ...unsigned,
  );
  const body = seq(
    int(1),
    set(algorithm(OID.sha256)),
    seq(oid(OID.data)),
    ctx(0, true, signer.certificate, ...signer.chain),
    set(signerInfo),
  );
  return seq(oid(OID.signedData), ctx(0, true, body));
}

/** A SignedData as read back: enough to verify it and to describe it. */
export interface ParsedSignedData {
  certificates: Uint8Array[];
  signerCount: number;
  /** The signed attributes re-tagged as a SET: the bytes the signature covers. */
  signedAttributes: Uint8Array;
  attributes: Map<string, Tlv[]>;
  unsignedAttributes: Map<string, Tlv[]>;
  signature: Uint8Array;
  digestAlgorithm: string;
  /** The issuer Name and serial the signer info names (DER). */
  sid: { issuer: Uint8Array; serial: Uint8Array };
}

function attributeMap(el: Tlv | undefined): Map<string, Tlv[]> {
  const out = new Map<string, Tlv[]>();
  for (const a of el ? children(el) : []) {
    const [type, values] = children(a);
    if (type && values) out.set(oidOf(type), children(values));
  }
  return out;
}

/** Reads a ContentInfo holding a SignedData; throws with what is wrong when it is not one. */
export function parseSignedData(der: Uint8Array): ParsedSignedData {
  const [type, wrapped] = children(read(der));
  if (!type || oidOf(type) !== OID.signedData || !wrapped) throw new Error('not a CMS SignedData');
  const [body] = children(wrapped);
  if (!body) throw new Error('CMS SignedData is empty');
  const fields = children(body);
  const certs = fields.find((f) => f.tag === 0xa0);
  const infos = fields[fields.length - 1];
  const signers = infos ? children(infos) : [];
  const first = signers[0];
  if (!first) throw new Error('CMS SignedData has no signer');
  const si = children(first);
  const [, sid, digestAlg] = si;
  const signed = si.find((f) => f.tag === 0xa0);
  const unsigned = si.find((f) => f.tag === 0xa1);
  const signature = si.find((f) => f.tag === 0x04);
  const [issuer, serial] = sid ? children(sid) : [];
  if (!signed || !signature || !digestAlg || !issuer || !serial)
    throw new Error('CMS signer info lacks signed attributes, signature or signer id');
  const [alg] = children(digestAlg);
  return {
    certificates: certs ? children(certs).map((c) => c.raw) : [],
    signerCount: signers.length,
    signedAttributes: new Uint8Array(Buffer.concat([Buffer.from([0x31]), signed.raw.subarray(1)])),
    attributes: attributeMap(signed),
    unsignedAttributes: attributeMap(unsigned),
    signature: signature.value,
    digestAlgorithm: alg ? oidOf(alg) : '',
    sid: { issuer: issuer.raw, serial: serial.raw },
  };
}

/** The messageDigest attribute's value. */
export function messageDigestOf(p: ParsedSignedData): Uint8Array | undefined {
  return p.attributes.get(OID.messageDigest)?.[0]?.value;
}

/** The SHA-256 the ESS signing-certificate-v2 attribute names, when present. */
export function signingCertificateHash(p: ParsedSignedData): Uint8Array | undefined {
  const v = p.attributes.get(OID.signingCertificateV2)?.[0];
  const certs = v ? children(v)[0] : undefined;
  const first = certs ? children(certs)[0] : undefined;
  const hash = first ? children(first).find((f) => f.tag === 0x04) : undefined;
  return hash?.value;
}

/** The signer's certificate: the one whose issuer and serial the signer info names. */
export function signerCertificate(p: ParsedSignedData): Uint8Array | undefined {
  return p.certificates.find((c) => {
    const { issuer, serial } = issuerAndSerial(c);
    return Buffer.from(issuer).equals(p.sid.issuer) && Buffer.from(serial).equals(p.sid.serial);
  });
}

/** An RFC 3161 token's TSTInfo: the time it gives and the hash it stamps. */
export function readTimestamp(token: Uint8Array): { time: Date; imprint: Uint8Array } {
  const [, wrapped] = children(read(token));
  const [body] = wrapped ? children(wrapped) : [];
  const encap = body ? children(body)[2] : undefined;
  const [type, content] = encap ? children(encap) : [];
  if (!type || oidOf(type) !== OID.tstInfo || !content)
    throw new Error('time-stamp token holds no TSTInfo');
  const [octet] = children(content);
  if (!octet) throw new Error('time-stamp token: empty TSTInfo');
  const info = children(read(octet.value));
  const imprint = info[2] ? children(info[2])[1]?.value : undefined;
  const time = info[4];
  if (!imprint || !time) throw new Error('time-stamp token: TSTInfo lacks imprint or time');
  return { time: timeOf(time), imprint };
}
