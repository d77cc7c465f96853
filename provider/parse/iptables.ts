/** Parses `iptables -S` output into argv-like rules. Pure. */

export interface ListedRule {
    chain: string;
    /** The rule's arguments after `-A CHAIN`, unquoted: compare with an argv builder's spec. */
    spec: string[];
}

/** Splits one `iptables -S` line the way iptables quotes it: double quotes, backslash escapes. */
export function splitRuleLine(line: string): string[] {
    const words: string[] = [];
    let current = "";
    let inWord = false;
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
        const c = line[i];
        if (quoted) {
            if (c === "\\" && i + 1 < line.length) {
                current += line[++i];
            } else if (c === '"') {
                quoted = false;
            } else {
                current += c;
            }
        } else if (c === '"') {
            quoted = true;
            inWord = true;
        } else if (c === " ") {
            if (inWord) words.push(current);
            current = "";
            inWord = false;
        } else {
            current += c;
            inWord = true;
        }
    }
    if (quoted) {
        throw new Error(`unterminated quote in iptables rule: ${line}`);
    }
    if (inWord) words.push(current);
    return words;
}

/** The `-A` rules of `iptables -S` output; policies (`-P`) and chain declarations (`-N`) are skipped. */
export function parseRules(text: string): ListedRule[] {
    return text
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line.startsWith("-A "))
        .map((line) => {
            const [, chain, ...spec] = splitRuleLine(line);
            return { chain, spec };
        });
}
