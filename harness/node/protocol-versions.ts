/**
 * Which of the runtime's ProtocolConfig presets a genesis `protocol_version` names. A node
 * runs one protocol, chosen when it starts, and reports that version (`status`, block
 * headers, `EXPERIMENTAL_protocol_config`); a version without a preset is refused rather
 * than run with another version's limits, fees and error shapes.
 *
 * The versions:
 * - 77: nearcore 2.6.x, the sandbox near-workspaces 5.0.0 downloads (2.6.2). nearcore's
 *   2.6 binary has STABLE_PROTOCOL_VERSION 77 (near/nearcore PR #13631: "2.6 binary has
 *   STABLE_PROTOCOL_VERSION 77, 2.7 binary has STABLE_PROTOCOL_VERSION 78"), and
 *   `neard init` writes the binary's PROTOCOL_VERSION into genesis.json's protocol_version.
 *   Its parameters are SANDBOX_2_6_PROTOCOL (300 Tgas, wrapped view errors).
 * - 86: LATEST_PROTOCOL, the newest parameter snapshot: it has 85.yaml's
 *   one_yocto_on_promise (PV >= 85) and 83.yaml's 1 PGas limits, and not 87.yaml's zero
 *   burnt_gas_reward; nearcore's stable version after FixContractLoadingError (86) and
 *   before the 2.14 release (87).
 */
import { LATEST_PROTOCOL, SANDBOX_2_6_PROTOCOL, type ProtocolConfig } from '../runtime/index.js';

export interface ProtocolPreset {
  protocolVersion: number;
  protocol: ProtocolConfig;
  /** The nearcore releases whose genesis names this version. */
  nearcore: string;
}

export const PROTOCOL_PRESETS: readonly ProtocolPreset[] = [
  { protocolVersion: 77, protocol: SANDBOX_2_6_PROTOCOL, nearcore: 'nearcore 2.6' },
  { protocolVersion: 86, protocol: LATEST_PROTOCOL, nearcore: "the runtime's latest parameters" },
];

/** What the look-alike's `init` writes: it reports nearcore 2.6.2 (`--version`), whose protocol is 77. */
export const SANDBOX_2_6_PROTOCOL_VERSION = 77;

/** The version a node on LATEST_PROTOCOL reports. */
export const LATEST_PROTOCOL_VERSION = 86;

/** The preset a protocol version names, if there is one. */
export function protocolPreset(protocolVersion: number): ProtocolPreset | undefined {
  return PROTOCOL_PRESETS.find((preset) => preset.protocolVersion === protocolVersion);
}

/** Why a version cannot be run: the versions that can. */
export function noPresetMessage(protocolVersion: number): string {
  const known = PROTOCOL_PRESETS.map((p) => `${p.protocolVersion} (${p.nearcore})`).join(', ');
  return `protocol_version ${protocolVersion} has no protocol preset in this node: it runs protocol versions ${known}`;
}

/** The version a protocol reports: its preset's, found by name (a preset with a changed minimum gas price keeps its name). */
export function protocolVersionOf(protocol: ProtocolConfig): number {
  return PROTOCOL_PRESETS.find((preset) => preset.protocol.name === protocol.name)?.protocolVersion ?? LATEST_PROTOCOL_VERSION;
}
