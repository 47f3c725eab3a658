// ssh2 is a CommonJS package: Node's ES modules see only its default export, so the agent takes its parts here.
import ssh2 from 'ssh2';

export type { ParsedKey } from 'ssh2';
export const { AgentProtocol, utils } = ssh2;
