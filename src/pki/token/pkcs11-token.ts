/** The token module's entry (src/pki/index.ts re-exports it): PKCS#11 tokens over graphene-pk11. */
export { TokenLibrary, type TokenInfo, type TokenLibraryOptions } from './token-library.ts';
export { TokenSession, type TokenCertificate, type TokenKeyPair } from './token-session.ts';
export { PinGuard, DEFAULT_PIN_ATTEMPTS } from './pin-guard.ts';
export { TOKEN_KEY_ALGORITHMS, type TokenKeyAlgorithm } from './token-objects.ts';
export { TOKEN_HASHES, ecdsaRawToDer, digestInfo, type TokenHash } from './signature-formats.ts';
