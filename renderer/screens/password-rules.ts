// The UI's rule for new account passwords: the server never sees them, so the client is where it holds.
export const MIN_PASSWORD_LENGTH = 10;
