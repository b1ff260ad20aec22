// The `@tune run:` template as an argument vector: split with shell-like quoting here, placeholders replaced per
// argument, and then spawned without a shell — so file names with spaces, `;`, `$()` or quotes are never code.

/**
 * Splits a command line like a POSIX shell would for words: whitespace separates, '...' is literal,
 * "..." allows \" \\ \$ \` escapes, a backslash outside quotes escapes the next character.
 * Throws on an unterminated quote.
 */
export function splitCommand(command: string): string[] {
  const out: string[] = [];
  let word = "";
  let inWord = false;
  for (let i = 0; i < command.length; i++) {
    const c = command[i];
    if (c === "'") {
      const end = command.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated ' in run command: ${command}`);
      word += command.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < command.length && command[j] !== '"'; j++) {
        if (command[j] === "\\" && j + 1 < command.length && '"\\$`'.includes(command[j + 1])) j++;
        word += command[j];
      }
      if (j >= command.length) throw new Error(`unterminated " in run command: ${command}`);
      i = j;
      inWord = true;
    } else if (c === "\\" && i + 1 < command.length) {
      word += command[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) out.push(word);
      word = "";
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) out.push(word);
  return out;
}

/** Replaces `{name}` placeholders inside each argument; unknown `{...}` is left as it is (e.g. JSON arguments). */
export function substitute(args: string[], values: Record<string, string>): string[] {
  return args.map((a) => a.replace(/\{(\w+)\}/g, (all, name: string) => (name in values ? values[name] : all)));
}
