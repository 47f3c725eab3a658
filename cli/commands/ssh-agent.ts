// keyhold ssh-agent: the SSH agent without the window, for the caller's (a person's or a machine identity's)
// SSH-key items marked "use in the SSH agent", approving each signature by policy or on the terminal.
import type { Command } from 'commander';
import type { VaultSession } from '../../client/vault-session.ts';
import type { AgentEvent } from '../../ssh-agent/agent-server.ts';
import { defaultSocketPath } from '../../ssh-agent/socket-path.ts';
import type { ConfigStore } from '../config-store.ts';
import { withSession } from '../connection.ts';
import { CliError, UsageError } from '../errors.ts';
import { note, printLine } from '../output.ts';
import { allowAll, terminalApproval } from '../ssh-approval-prompt.ts';
import { stdinIsTerminal } from '../terminal-input.ts';

interface AgentOptions {
  socket?: string;
  allowAll?: boolean;
}

function describeEvent(event: AgentEvent, names: Map<string, string>): string | null {
  const name = (id: string | null) => (id === null ? 'a key it does not hold' : (names.get(id) ?? id));
  switch (event.type) {
    case 'listed':
      return null;
    case 'signed':
      return `keyhold ssh-agent: signed with ${name(event.keyId)} (${event.algorithm})`;
    case 'refused':
      return `keyhold ssh-agent: refused a signature with ${name(event.keyId)} (${event.reason})`;
  }
}

/** Resolves when the process is asked to stop (Ctrl-C, kill). */
const stopRequested = () =>
  new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });

async function sshAgent(store: ConfigStore, options: AgentOptions): Promise<void> {
  if (!options.allowAll && !stdinIsTerminal()) {
    throw new UsageError(
      'keyhold ssh-agent asks before each signature on the terminal; without one, pass --allow-all to allow ' +
        'every signature with the listed keys',
    );
  }
  // Loaded here: the protocol library is needed by this command only, not at every keyhold start.
  const { startAgent } = await import('../../ssh-agent/agent-server.ts');
  const { loadAgentIdentities, vaultKeySource } = await import('../ssh-agent-keys.ts');
  const identities = await withSession(store, ({ session }) => loadAgentIdentities(session));
  if (identities.length === 0) {
    note('keyhold ssh-agent: no SSH-key item marked "use in the SSH agent" is readable here; listing none');
  }
  const names = new Map(identities.map((identity) => [identity.id, identity.comment]));
  const withVault = <T>(work: (session: VaultSession) => Promise<T>) =>
    withSession(store, ({ session }) => work(session));
  let agent: Awaited<ReturnType<typeof startAgent>>;
  try {
    agent = await startAgent({
      socketPath: options.socket ?? defaultSocketPath(),
      keys: vaultKeySource(identities, withVault),
      approve: options.allowAll ? allowAll : terminalApproval(),
      onEvent: (event) => {
        const line = describeEvent(event, names);
        if (line) note(line);
      },
    });
  } catch (error) {
    throw new CliError(`cannot start the agent: ${error instanceof Error ? error.message : String(error)}`);
  }
  // The lines ssh-agent prints, for a shell to evaluate; the agent stays in the foreground.
  printLine(`SSH_AUTH_SOCK=${agent.socketPath}; export SSH_AUTH_SOCK;`);
  printLine(`SSH_AGENT_PID=${process.pid}; export SSH_AGENT_PID;`);
  note(`keyhold ssh-agent: offering ${identities.length} key(s); stop with Ctrl-C`);
  await stopRequested();
  await agent.close();
}

export function registerSshAgent(program: Command, store: ConfigStore): void {
  program
    .command('ssh-agent')
    .summary('serve your marked SSH keys to ssh, git and ssh-keygen')
    .description(
      'Run an SSH agent (the OpenSSH agent protocol) in the foreground for the SSH-key items marked "use in ' +
        'the SSH agent" that you (or this machine identity) can read. It prints SSH_AUTH_SOCK=…; export ' +
        'SSH_AUTH_SOCK; as ssh-agent does. Each private key is read from the server for the one signature ' +
        'that needs it. Every signature is asked on this terminal (y: once, a number: for that many minutes, ' +
        'no answer in 60 seconds: refused) unless --allow-all says every signature is allowed. RSA keys sign ' +
        'with SHA-2 only (rsa-sha2-256/512); the SHA-1 ssh-rsa signature is refused.',
    )
    .option(
      '--socket <path>',
      'where to listen (default $XDG_RUNTIME_DIR/keyhold/agent.sock, or \\\\.\\pipe\\keyhold-ssh-agent-USER on Windows)',
    )
    .option('--allow-all', 'allow every signature with the listed keys without asking (machines, CI)')
    .action((options: AgentOptions) => sshAgent(store, options));
}
