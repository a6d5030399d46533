// aws-cli as the demo identity, reading nothing of this machine's own AWS configuration: the
// environment the tests and the benchmarks give it.
import { DEMO_ACCOUNT } from '../../electron/world/accounts.js';

export function awsCliEnv(): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: DEMO_ACCOUNT.accessKeyId,
    AWS_SECRET_ACCESS_KEY: DEMO_ACCOUNT.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}
