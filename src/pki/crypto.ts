/** The one WebCrypto the engine uses, handed to the X.509 and CMS libraries once. */
// @peculiar/x509 resolves its parsers through tsyringe, which needs the Reflect metadata polyfill first.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import * as pkijs from 'pkijs';

export const crypto = webcrypto as unknown as Crypto;
x509.cryptoProvider.set(crypto);
export const cmsEngine = new pkijs.CryptoEngine({ name: 'node', crypto });
pkijs.setEngine('node', cmsEngine);

export { x509, pkijs };
