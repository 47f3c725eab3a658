// Passwords from the platform's CSPRNG, without modulo bias, holding at least one of each chosen class.
// The generator itself lives in client/ so that the keyhold command uses the very same one.
export * from '../../client/password-generator.ts';
