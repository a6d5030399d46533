// What a new or edited connection needs, checked field by field in words: the window shows each
// problem next to its field as the user types, and main checks the same rules at its door, so a
// raw validator message ("✖ Too small: expected string…") never reaches a person.
import type { NewConnection } from '../contract.js';

export type ConnectionField =
  'name' | 'endpointTemplate' | 'region' | 'accessKeyId' | 'secretAccessKey' | 'sessionToken';
export type FieldProblems = Partial<Record<ConnectionField, string>>;

function endpointProblem(value: string | undefined): string | undefined {
  if (!value?.trim()) return 'Enter the service’s address, like https://s3.{region}.example.com.';
  let url: URL;
  try {
    url = new URL(value.trim().replaceAll('{region}', 'region'));
  } catch {
    return 'This is not a web address. It starts with https:// (or http:// for a server on your network).';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'The address starts with https:// or http://.';
  if (url.username || url.password) return 'Leave the user name and password out of the address: enter the keys below.';
  if (url.search || url.hash) return 'The address ends at its host (and port, and path if any): no ? or # part.';
  return undefined;
}

/**
 * The form as it is used, tested and saved: the spaces around what people paste (keys copied from a
 * console or a CSV file, an address) dropped. Keys never hold spaces; one at either end made a
 * test fail with "not allowed to do this" while the same keys saved worked.
 */
export function tidyConnection(form: NewConnection): NewConnection {
  return {
    ...form,
    name: form.name.trim(),
    endpointTemplate: form.endpointTemplate?.trim(),
    accessKeyId: form.accessKeyId?.trim(),
    secretAccessKey: form.secretAccessKey?.trim(),
    sessionToken: form.sessionToken?.trim() || undefined,
  };
}

/** Problems with the form as it stands; an empty object when it can be saved. */
export function connectionProblems(form: NewConnection): FieldProblems {
  const problems: FieldProblems = {};
  if (!form.name.trim()) problems.name = 'Give the connection a name, so you can tell it from the others.';
  else if (form.name.length > 100) problems.name = 'Keep the name under 100 characters.';
  if (form.service === 'endpoint') {
    const endpoint = endpointProblem(form.endpointTemplate);
    if (endpoint) problems.endpointTemplate = endpoint;
  }
  if (!/^[a-z0-9-]{2,40}$/.test(form.region)) {
    problems.region =
      form.service === 'aws'
        ? 'Choose the region to start in, like us-east-1 or eu-west-1.'
        : 'Enter the region the service expects, like us-east-1 (R2 uses "auto").';
  }
  if (!form.anonymous) {
    const id = form.accessKeyId?.trim() ?? '';
    if (!id) problems.accessKeyId = 'Enter the access key id.';
    else if (id.length < 3 || id.length > 128 || /\s/.test(id))
      problems.accessKeyId = 'An access key id is one word of 3 to 128 characters.';
    else if (form.service === 'aws' && !/^(AKIA|ASIA)[A-Z0-9]{12,124}$/.test(id))
      problems.accessKeyId =
        'An AWS access key id starts with AKIA (or ASIA for temporary keys), followed by capital letters and digits.';
    const secret = form.secretAccessKey?.trim() ?? '';
    if (!secret) problems.secretAccessKey = 'Enter the secret access key.';
    else if (secret.length < 3 || secret.length > 256 || /\s/.test(secret))
      problems.secretAccessKey = 'A secret access key is one word of 3 to 256 characters, with no spaces.';
    if (form.sessionToken && (/\s/.test(form.sessionToken.trim()) || form.sessionToken.length > 4096))
      problems.sessionToken = 'A session token is one long word, with no spaces.';
    if (form.sessionToken && form.accessKeyId && form.service === 'aws' && !form.accessKeyId.startsWith('ASIA'))
      problems.sessionToken = 'A session token goes with temporary keys, whose id starts with ASIA.';
  }
  return problems;
}
