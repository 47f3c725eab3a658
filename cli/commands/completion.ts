// keyhold completion bash|zsh|fish: a completion script generated from the command definitions themselves
// (commands, subcommands, options and whether an option takes a value), so it never falls behind them.
import type { Command, Option } from 'commander';
import { UsageError } from '../errors.ts';

const SHELLS = ['bash', 'zsh', 'fish'] as const;
type Shell = (typeof SHELLS)[number];

interface Node {
  /** Subcommand names from the root, space-separated ("" for keyhold itself, "machine create"). */
  path: string;
  subcommands: { name: string; summary: string }[];
  options: { flags: string[]; takesValue: boolean; description: string }[];
}

function optionsOf(command: Command): Node['options'] {
  const visible = command.options.filter((o: Option) => !o.hidden);
  const options = visible.map((o: Option) => ({
    flags: [o.long, o.short].filter((f): f is string => typeof f === 'string'),
    takesValue: o.required || o.optional,
    description: o.description,
  }));
  return [...options, { flags: ['--help', '-h'], takesValue: false, description: 'show help' }];
}

/** Every command of the tree, depth first, as the shells' scripts need them. */
export function commandTree(root: Command): Node[] {
  const nodes: Node[] = [];
  const walk = (command: Command, path: string) => {
    const subs = command.commands.filter((c) => !(c as Command & { _hidden?: boolean })._hidden);
    nodes.push({
      path,
      subcommands: subs.map((c) => ({
        name: c.name(),
        summary: c.summary() || c.description().split('\n')[0] || '',
      })),
      options: optionsOf(command),
    });
    for (const sub of subs) walk(sub, path === '' ? sub.name() : `${path} ${sub.name()}`);
  };
  walk(root, '');
  return nodes;
}

const words = (items: string[]) => items.join(' ');
/** Single-quoted for sh-like shells: every byte literal. */
const shQuote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

function bash(nodes: Node[]): string {
  const cases = (pick: (n: Node) => string) =>
    nodes.map((n) => `    ${shQuote(n.path)}) echo ${shQuote(pick(n))} ;;`).join('\n');
  return `# keyhold completion for bash: source it, or save it as ~/.local/share/bash-completion/completions/keyhold
_keyhold_subcommands() {
  case "$1" in
${cases((n) => words(n.subcommands.map((s) => s.name)))}
  esac
}
_keyhold_options() {
  case "$1" in
${cases((n) => words(n.options.flatMap((o) => o.flags)))}
  esac
}
_keyhold_valued() {
  case "$1" in
${cases((n) => words(n.options.filter((o) => o.takesValue).flatMap((o) => o.flags)))}
  esac
}
_keyhold() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" path="" word i
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    [[ "$word" == "--" ]] && return 0
    if [[ " $(_keyhold_subcommands "$path") " == *" $word "* ]]; then
      path="\${path:+$path }$word"
    fi
  done
  if [[ " $(_keyhold_valued "$path") " == *" $prev "* ]]; then
    return 0
  fi
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$(_keyhold_options "$path")" -- "$cur"))
  else
    COMPREPLY=($(compgen -W "$(_keyhold_subcommands "$path")" -- "$cur"))
  fi
}
complete -o default -F _keyhold keyhold
`;
}

/** zsh's `name:description` pairs; a colon in a name or description is escaped as zsh wants. */
const described = (name: string, description: string) =>
  `${name.replaceAll(':', '\\:')}:${description.replaceAll(':', '\\:').replaceAll('\n', ' ')}`;

function zsh(nodes: Node[]): string {
  const cases = (pick: (n: Node) => string[]) =>
    nodes.map((n) => `    ${shQuote(n.path)}) reply=(${pick(n).map(shQuote).join(' ')}) ;;`).join('\n');
  return `#compdef keyhold
# keyhold completion for zsh: save it as _keyhold in a folder of $fpath, or: source <(keyhold completion zsh)
_keyhold_subcommands() {
  case "$1" in
${cases((n) => n.subcommands.map((s) => described(s.name, s.summary)))}
    *) reply=() ;;
  esac
}
_keyhold_options() {
  case "$1" in
${cases((n) => n.options.flatMap((o) => o.flags.map((f) => described(f, o.description))))}
    *) reply=() ;;
  esac
}
_keyhold_valued() {
  case "$1" in
${cases((n) => n.options.filter((o) => o.takesValue).flatMap((o) => o.flags))}
    *) reply=() ;;
  esac
}
_keyhold() {
  local path="" word i
  local -a reply names
  for ((i = 2; i < CURRENT; i++)); do
    word="\${words[i]}"
    [[ "$word" == "--" ]] && { _normal; return; }
    _keyhold_subcommands "$path"
    names=(\${reply%%:*})
    if (( \${names[(Ie)$word]} )); then
      path="\${path:+$path }$word"
    fi
  done
  _keyhold_valued "$path"
  if (( \${reply[(Ie)\${words[CURRENT-1]}]} )); then
    _files
    return
  fi
  if [[ "\${words[CURRENT]}" == -* ]]; then
    _keyhold_options "$path"
    _describe -t options 'option' reply
  else
    _keyhold_subcommands "$path"
    if (( \${#reply} )); then
      _describe -t commands 'command' reply
    else
      _files
    fi
  fi
}
if [[ "\${funcstack[1]}" == _keyhold ]]; then
  _keyhold "$@"
else
  compdef _keyhold keyhold
fi
`;
}

const fishQuote = (text: string) => `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;

function fish(nodes: Node[]): string {
  const lines = [
    '# keyhold completion for fish: save it as ~/.config/fish/completions/keyhold.fish',
    'complete -c keyhold -e',
  ];
  for (const node of nodes) {
    const path = node.path === '' ? [] : node.path.split(' ');
    const here = path.length === 0 ? '' : path.map((p) => `__fish_seen_subcommand_from ${p}`).join('; and ');
    const children = node.subcommands.map((s) => s.name);
    const notDeeper = children.length > 0 ? `not __fish_seen_subcommand_from ${children.join(' ')}` : '';
    const atThisLevel =
      path.length === 0 ? '__fish_use_subcommand' : [here, notDeeper].filter(Boolean).join('; and ');
    for (const sub of node.subcommands) {
      lines.push(
        `complete -c keyhold -f -n ${fishQuote(atThisLevel)} -a ${sub.name} -d ${fishQuote(sub.summary)}`,
      );
    }
    const condition = path.length === 0 ? '__fish_use_subcommand' : atThisLevel;
    for (const option of node.options) {
      const long = option.flags.find((f) => f.startsWith('--'))?.slice(2);
      const short = option.flags.find((f) => /^-[^-]$/.test(f))?.slice(1);
      const parts = [`complete -c keyhold -n ${fishQuote(condition)}`];
      if (long) parts.push(`-l ${long}`);
      if (short) parts.push(`-s ${short}`);
      if (option.takesValue) parts.push('-r');
      parts.push(`-d ${fishQuote(option.description)}`);
      lines.push(parts.join(' '));
    }
  }
  return `${lines.join('\n')}\n`;
}

export function completionScript(root: Command, shell: Shell): string {
  const nodes = commandTree(root);
  return shell === 'bash' ? bash(nodes) : shell === 'zsh' ? zsh(nodes) : fish(nodes);
}

export function registerCompletion(program: Command): void {
  program
    .command('completion')
    .summary('print a shell completion script (bash, zsh, fish)')
    .description(
      "Print a completion script for SHELL, generated from keyhold's own commands and options.\n\n" +
        'Exit codes: 0 printed, 2 an unknown shell.',
    )
    .argument('<shell>', SHELLS.join(', '))
    .addHelpText(
      'after',
      '\nExamples:\n  source <(keyhold completion bash)                          # in ~/.bashrc\n' +
        '  keyhold completion zsh > ~/.zfunc/_keyhold                 # with fpath+=(~/.zfunc) before compinit\n' +
        '  keyhold completion fish > ~/.config/fish/completions/keyhold.fish',
    )
    .action((shell: string) => {
      if (!(SHELLS as readonly string[]).includes(shell)) {
        throw new UsageError(`SHELL "${shell}": must be one of ${SHELLS.join(', ')}`);
      }
      process.stdout.write(completionScript(program, shell as Shell));
    });
}
