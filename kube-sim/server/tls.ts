/** Per-run TLS material: a CA and a server certificate for 127.0.0.1/localhost, made with node-forge. */
import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';

export interface TlsMaterial {
  caPem: string;
  certPem: string;
  keyPem: string;
}

interface KeyPair {
  privateKey: forge.pki.rsa.PrivateKey;
  publicKey: forge.pki.rsa.PublicKey;
  privatePem: string;
}

// RSA keys come from node's native generator, both at once on the thread pool (0.2–2 s; forge's
// pure-JS one takes several seconds), and are kept for the life of the process only: nothing is
// cached on disk across runs. Certificates are new for every sim.
let keys: Promise<{ ca: KeyPair; server: KeyPair }> | undefined;

async function newKeyPair(): Promise<KeyPair> {
  const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  const privatePem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const priv = forge.pki.privateKeyFromPem(privatePem) as forge.pki.rsa.PrivateKey;
  const pub = forge.pki.setRsaPublicKey(priv.n, priv.e);
  return { privateKey: priv, publicKey: pub, privatePem };
}

function processKeys(): Promise<{ ca: KeyPair; server: KeyPair }> {
  keys ??= Promise.all([newKeyPair(), newKeyPair()]).then(([ca, server]) => ({ ca, server }));
  keys.catch(() => (keys = undefined));
  return keys;
}

function baseCert(publicKey: forge.pki.PublicKey, cn: string): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  // A positive serial in minimal DER: top bit clear (no sign) and a non-zero first byte (no
  // padding). A blanket leading 0x00 was non-minimal whenever the next byte was below 0x80, which
  // Go (kubectl: "malformed serial number") and OpenSSL ("illegal padding") reject.
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x40;
  cert.serialNumber = serial.toString('hex');
  const now = Date.now();
  cert.validity.notBefore = new Date(now - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(now + 365 * 24 * 60 * 60 * 1000);
  cert.setSubject([{ name: 'commonName', value: cn }]);
  return cert;
}

/** Makes a fresh CA and a server certificate (SAN IP:127.0.0.1, IP:::1, DNS:localhost) signed by it. */
export async function makeTlsMaterial(): Promise<TlsMaterial> {
  const { ca, server } = await processKeys();
  const caCert = baseCert(ca.publicKey, `kube-sim-ca-${randomBytes(4).toString('hex')}`);
  caCert.setIssuer(caCert.subject.attributes);
  caCert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  caCert.sign(ca.privateKey, forge.md.sha256.create());

  const cert = baseCert(server.publicKey, 'kube-sim');
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 7, ip: '127.0.0.1' },
        { type: 7, ip: '::1' },
        { type: 2, value: 'localhost' },
      ],
    },
  ]);
  cert.sign(ca.privateKey, forge.md.sha256.create());
  return {
    caPem: forge.pki.certificateToPem(caCert),
    certPem: forge.pki.certificateToPem(cert),
    keyPem: server.privatePem,
  };
}
