// The window's side of the desktop SSH agent while signed in: tells main which keys to offer (and nothing once
// this unmounts: locked or signed out), hands over one private key per allowed signature, and shows each
// approval question in turn.
import { useEffect, useState } from 'react';
import type { SshSignRequest } from '../../contract/index.ts';
import { useSession, useVault } from '../app/session-context.tsx';
import { onAgentKeysChanged } from './agent-keys-changed.ts';
import { SshApprovalDialog } from './SshApprovalDialog.tsx';
import { agentPrivateKey, vaultAgentIdentities } from './vault-agent-keys.ts';

export function SshAgentLink() {
  const { platform } = useSession();
  const vault = useVault();
  const agent = platform.sshAgent;
  const [questions, setQuestions] = useState<SshSignRequest[]>([]);

  useEffect(() => {
    if (!agent) return;
    let current = true;
    const offer = async () => {
      const status = await agent.status();
      if (!status.enabled || !current) return;
      const identities = await vaultAgentIdentities(vault);
      if (current) await agent.setIdentities(identities, false);
    };
    void offer().catch(() => undefined);
    const stopListening = onAgentKeysChanged(() => void offer().catch(() => undefined));
    const stopAsking = agent.onAsk((ask) => {
      if (ask.type === 'sign') setQuestions((list) => [...list, ask.request]);
      if (ask.type === 'settled') setQuestions((list) => list.filter((q) => q.requestId !== ask.requestId));
      if (ask.type === 'key') {
        void agentPrivateKey(vault, ask.itemId)
          .catch(() => null)
          .then((privateKey) => agent.giveKey(ask.requestId, privateKey));
      }
    });
    return () => {
      current = false;
      stopListening();
      stopAsking();
      void agent.setIdentities([], true).catch(() => undefined);
    };
  }, [agent, vault]);

  const first = questions[0];
  if (!agent || !first) return null;
  return (
    <SshApprovalDialog
      key={first.requestId}
      request={first}
      onAnswer={(allow, forMinutes) => {
        setQuestions((list) => list.filter((q) => q.requestId !== first.requestId));
        void agent.answer(first.requestId, allow, forMinutes).catch(() => undefined);
      }}
    />
  );
}
