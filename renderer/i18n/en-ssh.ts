// English for the SSH agent: the item editor's mark, the Settings section and the approval dialog. Spread into
// en.ts; ru-ssh.ts mirrors it.

export const enSsh = {
  ssh: {
    useInAgent: 'Use in the SSH agent',
    useInAgentHint:
      'Offer this key to ssh, git and other programs through the Keyhold SSH agent; each signature is asked for.',
    inAgent: 'Offered by the SSH agent',
    settings: {
      title: 'SSH agent',
      explain:
        'Serves the SSH keys marked "Use in the SSH agent" to ssh, git and ssh-keygen on this computer while Keyhold is unlocked. Every signature is asked for here first.',
      enable: 'Run the SSH agent',
      socket: 'Point your shell at it:',
      copy: 'Copy',
      copied: 'Copied',
      running_one: 'Running: {{count}} key offered',
      running_few: 'Running: {{count}} keys offered',
      running_many: 'Running: {{count}} keys offered',
      running_other: 'Running: {{count}} keys offered',
      stopped: 'Not running',
      failed: 'Could not start: {{error}}',
    },
    approve: {
      title: 'Allow an SSH signature?',
      key: 'Key',
      algorithm: 'Algorithm',
      host: 'Server',
      hostForwarded: '{{fingerprint}} ({{type}}, through a forwarded agent)',
      hostProven: '{{fingerprint}} ({{type}} host key)',
      noHost: 'Not named: a program on this computer (git, ssh-keygen) or an older ssh',
      client: 'Program',
      clientUnknown: 'Not known: the operating system does not tell Keyhold which program asks',
      clientPid: '(process {{pid}})',
      clientStartedBy: '(process {{pid}}, started by {{parent}})',
      askedAt: 'Asked at',
      allowOnce: 'Allow once',
      allowFor: 'Allow for {{count}} minutes',
      minutes: 'Minutes',
      deny: 'Deny',
      timeout: 'Without an answer within a minute the signature is refused.',
    },
  },
};
