// The terminal's commands as a user runs them (`npm run cli -- …`), against a test world, as the
// demo identity and reading nothing of this machine's own AWS configuration.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { awsCliEnv } from './aws-cli.js';

const run = promisify(execFile);

export async function runCli(
  endpointTemplate: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      'npx',
      ['tsx', 'electron/cli.ts', ...args, '--endpoint-template', endpointTemplate],
      { env: { ...process.env, ...awsCliEnv(), NODE_NO_WARNINGS: '1' } },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
