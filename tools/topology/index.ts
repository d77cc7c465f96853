export { normalizeTopology } from "./model";
export type { Topology, LinkNode, Cable } from "./model";
export { topologyFromState } from "./fromState";
export type { StateResource } from "./fromState";
export { renderTopologySvg } from "./svg";
export { scanTopology } from "./scan";
