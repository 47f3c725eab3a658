// Approving the headless agent's signatures: every one (--allow-all, said explicitly), or a question on the
// terminal per signature, one at a time, with the agent's 60-second limit.
import readline from 'node:readline';
import type { Approve, SignAnswer, SignQuestion } from '../ssh-agent/approval.ts';

/** What the person is shown: the key, the algorithm, the time, and the host only when the client proved it. */
export function describeQuestion(question: SignQuestion): string {
  const host = question.host
    ? `for the server with host key ${question.host.fingerprint} (${question.host.keyType})${question.host.forwarding ? ', through a forwarded agent' : ''}`
    : 'for a client that named no server (a local program, git or ssh-keygen signing)';
  const client = question.client
    ? ` by ${question.client.command} (process ${question.client.pid}${question.client.parent ? `, started by ${question.client.parent}` : ''})`
    : '';
  return (
    `keyhold ssh-agent: sign with ${question.keyName} (${question.fingerprint}, ${question.algorithm}) ` +
    `${host}${client}, asked at ${question.askedAt}?`
  );
}

/** "y" once, a number N for N minutes, anything else (or nothing) is a refusal. */
export function parseAnswer(text: string): SignAnswer {
  const typed = text.trim().toLowerCase();
  if (typed === 'y' || typed === 'yes') return { allow: true, forMinutes: 0 };
  const minutes = /^(\d{1,3})\s*m?$/.exec(typed);
  if (minutes?.[1] && Number(minutes[1]) > 0) return { allow: true, forMinutes: Number(minutes[1]) };
  return { allow: false };
}

/** Asks on the terminal (stdin/stderr), one question at a time; an abort (the 60 s limit) ends the question. */
export function terminalApproval(): Approve {
  let queue: Promise<unknown> = Promise.resolve();
  const ask = (question: SignQuestion, signal: AbortSignal) =>
    new Promise<SignAnswer>((resolve) => {
      if (signal.aborted) return resolve({ allow: false });
      const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
      const finish = (answer: SignAnswer) => {
        signal.removeEventListener('abort', onAbort);
        rl.close();
        resolve(answer);
      };
      const onAbort = () => {
        process.stderr.write('\nno answer in time: refused\n');
        finish({ allow: false });
      };
      signal.addEventListener('abort', onAbort);
      rl.on('SIGINT', () => finish({ allow: false }));
      rl.question(
        `${describeQuestion(question)}\n  [y] allow once, [N] minutes (e.g. 15) allow for N minutes, [n] deny: `,
        (text) => finish(parseAnswer(text)),
      );
    });
  return (question, signal) => {
    const turn = queue.then(() => ask(question, signal));
    queue = turn.catch(() => undefined);
    return turn;
  };
}

/** --allow-all: every signature of a listed key is allowed, as a machine's agent needs. */
export const allowAll: Approve = async () => ({ allow: true, forMinutes: 0 });
