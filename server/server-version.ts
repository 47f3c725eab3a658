// The server's version, reported by status and in the API description.
export const SERVER_VERSION = '0.1.0';
