import { diffLines } from 'diff';

/** Two texts line by line: lines only in `after` marked +, lines only in `before` marked −. */
export function LineDiff({ before, after, testId }: { before: string; after: string; testId?: string }) {
  return (
    <div className="line-diff" data-testid={testId}>
      {diffLines(before, after).map((part, i) => (
        <div key={i} className={part.added ? 'added' : part.removed ? 'removed' : ''}>
          {part.value
            .replace(/\n$/, '')
            .split('\n')
            .map((line) => `${part.added ? '+ ' : part.removed ? '- ' : '  '}${line}`)
            .join('\n')}
        </div>
      ))}
    </div>
  );
}
