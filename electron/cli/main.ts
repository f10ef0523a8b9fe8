import { errorText } from '../../shared/errors.ts';
/** `bin/portside <command>`: dispatches to the command's module, loaded on demand. */
const usage = `usage: portside <command> [options]

commands:
  port-forward   forward ports like \`mirrord port-forward\` (-L, -R, -t, …)
  serve          the Portside UI in a browser (token-protected, 127.0.0.1)
  sim            run the built-in Kubernetes emulator (kube-sim)
  import         preview (and with --save, add) the rules of a mirrord config file

Run \`portside <command> --help\` for a command's options.`;

type CommandMain = (argv: string[]) => Promise<number>;

const commands: Record<string, () => Promise<CommandMain>> = {
  'port-forward': async () => (await import('./port-forward-command.ts')).main,
  serve: async () => (await import('../web/serve-command.ts')).main,
  sim: async () => (await import('../../kube-sim/cli.ts')).main,
  import: async () => (await import('./import-command-node.ts')).main,
};

async function run(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage);
    return name ? 0 : 1;
  }
  const load = commands[name];
  if (!load) {
    console.error(`portside: unknown command '${name}'\n\n${usage}`);
    return 1;
  }
  return (await load())(rest);
}

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // Last resort: a bug, not a user error. One line, no stack unless asked for.
    console.error(`portside: ${errorText(err)}`);
    if (process.env.PORTSIDE_DEBUG) console.error(err);
    process.exitCode = 1;
  },
);
