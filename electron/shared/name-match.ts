// What "find" means, the same in the window and the terminal: a plain text is found anywhere in
// the key below the folder searched (case does not matter); a pattern with * ? or [ ] is a glob,
// matched against the name alone, or against the whole path below the folder when it holds a /.
export interface NameMatcher {
  (relativeKey: string): boolean;
}

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') source += glob[i + 1] === '*' ? (i++, '.*') : '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) source += '\\[';
      else {
        source += `[${glob
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else source += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'i');
}

export function isGlob(pattern: string): boolean {
  return /[*?[\]]/.test(pattern);
}

export function nameMatcher(pattern: string): NameMatcher {
  const text = pattern.trim();
  if (!isGlob(text)) {
    const needle = text.toLowerCase();
    return (relativeKey) => relativeKey.toLowerCase().includes(needle);
  }
  const regex = globToRegExp(text);
  const wholePath = text.includes('/');
  return (relativeKey) => {
    const target = wholePath ? relativeKey : (relativeKey.replace(/\/$/, '').split('/').at(-1) ?? '');
    return regex.test(target);
  };
}
