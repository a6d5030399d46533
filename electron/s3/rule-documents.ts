// A bucket setting that is a list of rules held as one document (lifecycle, CORS): changed a rule
// at a time by reading the document, taking rules away by the names the app shows and adding one
// (checked in words before anything is asked, and again once the names taken are known), then
// writing it whole — or deleting it when no rule is left.
import { S3RequestError } from './errors.js';

/** The name the app shows for a rule: its ID, or its place for one without. */
export const nameOf = (rule: { ID?: string }, index: number) => rule.ID ?? `rule ${index + 1}`;

export async function changeRuleDocument<Rule, New>(spec: {
  bucket: string;
  /** `lifecycle`, `CORS`: in the words of a refusal, and its code. */
  kind: string;
  change: { add?: New; remove?: string[] };
  read: () => Promise<Rule[]>;
  /** The name the app shows for a rule (its ID, or its place). */
  nameOf: (rule: Rule, index: number) => string;
  /** What is wrong with `add`, knowing the names taken and how many rules there are. */
  problem: (add: New, taken?: string[], count?: number) => string | undefined;
  /** The rule S3 is sent for `add`. */
  build: (add: New, taken: string[]) => Rule;
  write: (rules: Rule[]) => Promise<unknown>;
  delete: () => Promise<unknown>;
}): Promise<void> {
  const { bucket, kind, change } = spec;
  const code = kind.charAt(0).toUpperCase() + kind.slice(1).toLowerCase();
  const refuse = (problem: string) => new S3RequestError(`Invalid${code}Rule`, problem, 400);
  const early = change.add && spec.problem(change.add);
  if (early) throw refuse(early);
  const rules = await spec.read();
  const names = rules.map(spec.nameOf);
  for (const name of change.remove ?? [])
    if (!names.includes(name))
      throw new S3RequestError(
        `NoSuch${code}Rule`,
        `${bucket} has no ${kind} rule named "${name}".`,
        404,
        'Read the rules again: someone may have changed them.',
      );
  const kept = rules.filter((_, index) => !change.remove?.includes(names[index]!));
  if (change.add) {
    const taken = kept.map(spec.nameOf);
    const problem = spec.problem(change.add, taken, kept.length);
    if (problem) throw refuse(problem);
    kept.push(spec.build(change.add, taken));
  }
  await (kept.length ? spec.write(kept) : spec.delete());
}
