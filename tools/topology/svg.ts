/**
 * Draws a topology as SVG: one box per namespace (bridge-carrying "host" namespaces on top), a
 * row per link with its addresses and bridge, lines for veth cables, and NAT/forwarding in the
 * box footer. With `expected` (the state's topology) given, what the drawn topology lacks is
 * drawn dashed in red and what it has extra in orange, so drift shows at a glance. Pure.
 */
import { Cable, LinkNode, Topology } from "./model";

const BOX_WIDTH = 340;
const ROW = 18;
const GAP = 60;

function escape(text: string): string {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const nsLabel = (namespace: string) => (namespace === "" ? "root namespace" : namespace);
const linkKey = (l: { namespace: string; name: string }) => `${l.namespace}/${l.name}`;

type Mark = "same" | "missing" | "extra";

interface Options {
    title?: string;
    expected?: Topology;
}

export function renderTopologySvg(topology: Topology, options: Options = {}): string {
    const expected = options.expected;
    // Draw the union, so that what is missing can be drawn too.
    const namespaces = [...new Set([...topology.namespaces, ...(expected?.namespaces ?? [])])].sort();
    const has = (list: { namespace: string; name: string }[], l: { namespace: string; name: string }) => list.some((x) => linkKey(x) === linkKey(l));
    const links: (LinkNode & { mark: Mark })[] = [
        ...topology.links.map((l): LinkNode & { mark: Mark } => ({ ...l, mark: expected && !has(expected.links, l) ? "extra" : "same" })),
        ...(expected?.links ?? []).filter((l) => !has(topology.links, l)).map((l): LinkNode & { mark: Mark } => ({ ...l, mark: "missing" })),
    ];
    const nsMark = (ns: string): Mark => (!expected ? "same" : !topology.namespaces.includes(ns) ? "missing" : !expected.namespaces.includes(ns) ? "extra" : "same");

    const isHost = (ns: string) => links.some((l) => l.namespace === ns && l.kind === "bridge") || topology.nat.some((n) => n.namespace === ns);
    const top = namespaces.filter(isHost);
    const bottom = namespaces.filter((ns) => !isHost(ns));
    const footer = (ns: string) => [
        ...topology.nat.filter((n) => n.namespace === ns).map((n) => `NAT: MASQUERADE ${n.source}${n.outInterface ? ` -o ${n.outInterface}` : ""}`),
        ...topology.forwarding.filter((f) => f.namespace === ns).map((f) => `forwarding: ipv4 ${f.ipv4 ? "on" : "off"}, ipv6 ${f.ipv6 ? "on" : "off"}`),
    ];
    const rowsOf = (ns: string) => links.filter((l) => l.namespace === ns).sort((a, b) => (a.kind === "bridge" ? -1 : 0) - (b.kind === "bridge" ? -1 : 0) || a.name.localeCompare(b.name));
    const heightOf = (ns: string) => 34 + rowsOf(ns).reduce((h, l) => h + ROW * (1 + Math.max(0, l.addresses.length - 1)), 0) + footer(ns).length * ROW + 10;

    const positions = new Map<string, { x: number; y: number; w: number; h: number }>();
    const rowWidth = (row: string[]) => row.length * BOX_WIDTH + Math.max(0, row.length - 1) * GAP;
    const width = Math.max(rowWidth(top), rowWidth(bottom), BOX_WIDTH) + 2 * GAP;
    const topHeight = Math.max(0, ...top.map(heightOf));
    const place = (row: string[], y: number) => {
        let x = (width - rowWidth(row)) / 2;
        for (const ns of row) {
            positions.set(ns, { x, y, w: BOX_WIDTH, h: heightOf(ns) });
            x += BOX_WIDTH + GAP;
        }
    };
    const titleHeight = options.title ? 30 : 0;
    place(top, titleHeight + 10);
    place(bottom, titleHeight + 10 + (top.length ? topHeight + 2 * GAP : 0));
    const height = Math.max(...[...positions.values()].map((p) => p.y + p.h), 50) + 20;

    const anchors = new Map<string, { x: number; y: number }>();
    const out: string[] = [];
    const color = (mark: Mark) => (mark === "missing" ? "#c62828" : mark === "extra" ? "#ef6c00" : "#263238");
    const dash = (mark: Mark) => (mark === "missing" ? ' stroke-dasharray="6 4"' : "");
    for (const ns of namespaces) {
        const p = positions.get(ns)!;
        const mark = nsMark(ns);
        out.push(`<g class="namespace" data-namespace="${escape(ns)}">`);
        out.push(`<rect x="${p.x}" y="${p.y}" width="${p.w}" height="${p.h}" rx="8" fill="${isHost(ns) ? "#e3f2fd" : "#f1f8e9"}" stroke="${color(mark)}" stroke-width="1.5"${dash(mark)}/>`);
        out.push(`<text x="${p.x + 10}" y="${p.y + 20}" font-weight="bold" fill="${color(mark)}">${escape(nsLabel(ns))}${mark === "missing" ? " (missing)" : mark === "extra" ? " (not in state)" : ""}</text>`);
        let y = p.y + 40;
        for (const l of rowsOf(ns)) {
            const state = l.up === false ? " down" : "";
            const master = l.master ? ` → ${l.master}` : "";
            const cable = [...topology.cables, ...(expected?.cables ?? [])].find((c) => linkKey(c.a) === linkKey(l) || linkKey(c.b) === linkKey(l));
            const peer = cable ? ` ⟷ ${(linkKey(cable.a) === linkKey(l) ? cable.b : cable.a).name}` : "";
            const suffix = l.mark === "missing" ? " (missing)" : l.mark === "extra" ? " (not in state)" : "";
            const addresses = l.addresses.length ? l.addresses : [""];
            addresses.forEach((a, i) => {
                const label = i === 0 ? `${l.name} (${l.kind}${state})${master}${peer}` : "";
                out.push(`<text class="link" x="${p.x + 12}" y="${y + i * ROW}" fill="${color(l.mark)}">${escape(label)}${i === 0 ? escape(suffix) : ""}</text>`);
                if (a) out.push(`<text class="address" x="${p.x + p.w - 10}" y="${y + i * ROW}" text-anchor="end" fill="${color(l.mark)}">${escape(a)}</text>`);
            });
            const anchorY = y - 5;
            anchors.set(linkKey(l), { x: p.x + p.w / 2, y: anchorY });
            y += ROW * addresses.length;
        }
        for (const line of footer(ns)) {
            out.push(`<text class="footer" x="${p.x + 12}" y="${y + 4}" font-style="italic" fill="#37474f">${escape(line)}</text>`);
            y += ROW;
        }
        out.push("</g>");
    }
    /**
     * Where a cable leaves a link's box: the side facing the other box, at the link's row; a box
     * straight above or below the other leaves through its bottom or top edge instead.
     */
    const cableAnchor = (end: { namespace: string; name: string }, other: { namespace: string; name: string }) => {
        const p = positions.get(end.namespace);
        const q = positions.get(other.namespace);
        const row = anchors.get(linkKey(end));
        if (!p || !q || !row) return undefined;
        const otherCenter = q.x + q.w / 2;
        if (end.namespace === other.namespace) return { x: p.x, y: row.y, dx: -1, dy: 0 };
        if (otherCenter < p.x) return { x: p.x, y: row.y, dx: -1, dy: 0 };
        if (otherCenter > p.x + p.w) return { x: p.x + p.w, y: row.y, dx: 1, dy: 0 };
        return q.y > p.y ? { x: row.x, y: p.y + p.h, dx: 0, dy: 1 } : { x: row.x, y: p.y, dx: 0, dy: -1 };
    };
    const cableMark = (c: { a: { namespace: string; name: string }; b: { namespace: string; name: string } }, inTopology: boolean): Mark =>
        !expected ? "same" : !inTopology ? "missing" : expected.cables.some((e) => linkKey(e.a) === linkKey(c.a) && linkKey(e.b) === linkKey(c.b)) ? "same" : "extra";
    const cables = [
        ...topology.cables.map((c) => ({ c, mark: cableMark(c, true) })),
        ...(expected?.cables ?? []).filter((e) => !topology.cables.some((c) => linkKey(c.a) === linkKey(e.a) && linkKey(c.b) === linkKey(e.b))).map((c): { c: Cable; mark: Mark } => ({ c, mark: "missing" })),
    ];
    for (const { c, mark } of cables) {
        const a = cableAnchor(c.a, c.b);
        const b = cableAnchor(c.b, c.a);
        if (!a || !b) continue;
        const bend = (p: { x: number; y: number; dx: number; dy: number }) => `${p.x + p.dx * 40},${p.y + p.dy * 40}`;
        out.push(`<path class="cable" d="M${a.x},${a.y} C${bend(a)} ${bend(b)} ${b.x},${b.y}" fill="none" stroke="${color(mark)}" stroke-width="2"${dash(mark)}><title>${escape(`${linkKey(c.a)} ⟷ ${linkKey(c.b)}`)}</title></path>`);
    }
    const title = options.title ? `<text x="${GAP / 2}" y="24" font-size="16" font-weight="bold" fill="#263238">${escape(options.title)}</text>` : "";
    return [
        `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Verdana, sans-serif" font-size="12">`,
        `<rect width="100%" height="100%" fill="white"/>`,
        title,
        ...out,
        "</svg>",
        "",
    ].join("\n");
}
