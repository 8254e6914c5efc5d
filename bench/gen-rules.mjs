#!/usr/bin/env node
// Deterministic generator of large SEC rule files for the scaling benchmark,
// in the style of ../shared/bench/rules-large.conf: distinct rules for many
// services, anchored and unanchored regexes, alternations, classes, a few
// SubStr. About 2% of the rules (at least one) match lines of the bench log
// (../shared/bench/gen-log.mjs) and write them to out.log; the others name
// programs and message codes that the log never contains, so they only cost
// the time it takes to try them. Nothing depends on time, so out.log depends
// only on the input.
//
//   node bench/gen-rules.mjs --rules N [--seed S] > rules.conf
import { pathToFileURL } from 'node:url';

/** mulberry32: small, seedable, the same sequence everywhere. */
function randomSource(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = (list) => list[Math.floor(next() * list.length)];
  return { next, pick };
}

// Programs and vendor facilities the bench log never mentions.
const ABSENT_PROGRAMS = [
  'haproxy',
  'slapd',
  'openvpn',
  'charon',
  'snort',
  'clamd',
  'mysqld',
  'postgres',
  'kubelet',
  'etcd',
  'containerd',
  'dockerd',
  'apache2',
  'php-fpm',
  'squid',
  'vsftpd',
  'proftpd',
  'xinetd',
  'ntpd',
  'zabbix_agentd',
  'puppet-agent',
  'salt-minion',
  'keepalived',
  'corosync',
  'pacemakerd',
  'multipathd',
  'iscsid',
  'nslcd',
  'sssd',
  'krb5kdc',
  'unbound',
  'dnsmasq',
  'radiusd',
  'asterisk',
  'exim',
  'opendkim',
  'spamd',
  'amavis',
  'rspamd',
  'smbd',
  'winbindd',
  'cupsd',
  'avahi-daemon',
  'NetworkManager',
  'wpa_supplicant',
  'auditd',
  'lvm',
  'mdadm',
  'zed',
  'ceph-osd',
];
const FACILITIES = ['ASA', 'SYS', 'LINK', 'LINEPROTO', 'SEC', 'OSPF', 'BGP', 'DOT1X', 'AUTHMGR', 'SNMP'];
const LEVELS = ['ERROR', 'WARN', 'CRIT', 'ALERT', 'FATAL', 'NOTICE'];
const NOUNS = ['backend', 'session', 'volume', 'peer', 'tunnel', 'replica', 'worker', 'client', 'queue', 'upstream', 'lease', 'disk'];
const VERBS = ['connect to', 'authenticate', 'resolve', 'mount', 'sync with', 'register', 'renew', 'open', 'lock', 'flush'];
const PHRASES = [
  'health check failed for',
  'connection refused by',
  'certificate expired for',
  'quota exceeded by',
  'permission denied for',
  'too many retries on',
  'checksum mismatch on',
  'lost heartbeat from',
  'unexpected EOF from',
  'limit reached for',
  'invalid credentials for',
  'slow response from',
  'stale handle on',
  'rejected request from',
  'failover triggered by',
];

/** Distinct message code per rule index: 7919 is prime to 90000, so i -> code is one-to-one below 90000. */
const codeOf = (index, seed) => 10000 + ((index * 7919 + seed) % 90000);

// Rules no bench line can match: each one names an absent program or vendor
// facility and a message code of its own.
const QUIET_SHAPES = [
  (r, code) => ({
    pattern: String.raw`${r.pick(ABSENT_PROGRAMS)}\[\d+\]: ${r.pick(LEVELS)} \[E${code}\] ${r.pick(PHRASES)} (\S+) from ([\d.]+)`,
    desc: '$1 from $2',
  }),
  (r, code) => ({
    pattern: String.raw`^\w{3} [ \d]\d [\d:]{8} (\S+) ${r.pick(ABSENT_PROGRAMS)}\[\d+\]: ${r.pick(PHRASES)} (\S+) \(code=${code}\)`,
    desc: '$2 on $1',
  }),
  (r, code) => ({
    pattern: String.raw`${r.pick(ABSENT_PROGRAMS)}(?:\[\d+\])?: (?:cannot|failed to|unable to) ${r.pick(VERBS)} ${r.pick(NOUNS)} ([\w.-]+) (?:timed out|refused|reset)(?: after \d+ ms)?, id=${code}`,
    desc: '$1',
  }),
  (r, code) => ({
    pattern: String.raw`${r.pick(ABSENT_PROGRAMS)}\[\d+\]: [EW]${code} [\d:.]+\s+\d+ \S+\] "${r.pick(PHRASES)}" ${r.pick(NOUNS)}="([^"]+)"`,
    desc: '$1',
  }),
  (r, code) => ({
    pattern: String.raw`%${r.pick(FACILITIES)}-[1-4]-${code}: ${r.pick(PHRASES)} (\S+) (?:src|dst) \w+:([\d.]+)(?:/\d+)?`,
    desc: '$1 $2',
  }),
  (r, code) => ({ ptype: 'SubStr', pattern: `${r.pick(ABSENT_PROGRAMS)}: ${r.pick(LEVELS)} ${code} ${r.pick(PHRASES)}`, desc: 'seen' }),
];
// SubStr is the rare one, as in real rule bases.
const QUIET_WEIGHTS = [5, 5, 4, 3, 3, 1];

// Names that gen-log.mjs writes, so rules built from them match some lines.
const DICT_USERS = ['admin', 'test', 'user', 'guest', 'oracle', 'pi', 'ftpuser', 'support', 'ubnt', 'postgres', 'mysql', 'hadoop'];
const ACCOUNTS = ['root', 'alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'deploy', 'backup', 'git'];
const ADMINS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory'];
const WEB_PATHS = ['/', '/index.html', '/api/v1/users', '/api/v1/orders', '/api/v1/login', '/wp-login.php', '/.env', '/admin', '/robots.txt'];
const WEB_STATUS = ['200', '301', '304', '401', '403', '404', '500', '502', '503'];
const DPORTS = ['21', '22', '23', '25', '80', '111', '443', '445', '1433', '3306', '3389', '5432', '5900', '6379', '8080'];
const SUDO_COMMANDS = ['systemctl restart nginx', 'apt update', 'docker ps', 'journalctl -xe', 'reboot'];

const escapeRegex = (text) => text.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');

/** Every rule that matches part of the bench log, each one distinct. */
function matchingRules() {
  const rules = [];
  for (const u of DICT_USERS) {
    rules.push({ pattern: String.raw`sshd\[\d+\]: Failed password for invalid user ${u} from ([\d.]+) port (\d+)`, desc: `guess ${u} from $1 port $2` });
    rules.push({ pattern: String.raw`sshd\[\d+\]: Invalid user ${u} from ([\d.]+)`, desc: `invalid ${u} from $1` });
  }
  for (const a of ACCOUNTS) rules.push({ ptype: 'SubStr', pattern: `Accepted publickey for ${a} from`, desc: `key login ${a}` });
  for (const p of WEB_PATHS) {
    for (const s of WEB_STATUS) {
      rules.push({ pattern: String.raw`nginx: ([\d.]+) - - \[[^\]]+\] "(?:GET|POST) ${escapeRegex(p)} HTTP/1\.1" ${s} (\d+)`, desc: `web ${s} ${p} $1 $2` });
    }
  }
  for (const port of DPORTS)
    rules.push({ pattern: String.raw`\[UFW BLOCK\] .* SRC=([\d.]+) .* PROTO=TCP SPT=\d+ DPT=${port} `, desc: `probe ${port} from $1` });
  for (const a of ADMINS) {
    for (const c of SUDO_COMMANDS)
      rules.push({ pattern: String.raw`sudo:\s+${a} : TTY=(\S+) ; PWD=\S+ ; USER=root ; COMMAND=\S*${escapeRegex(c)}$`, desc: `sudo ${a} $1 ${c}` });
  }
  return rules;
}

/** Fisher-Yates with the seeded source. */
function shuffle(list, random) {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list;
}

/** The share of rules that match bench lines. */
export const MATCHING_SHARE = 0.02;

/** A rule file of `count` distinct rules; the same count and seed give the same text. */
export function generateRules(count, seed = 1) {
  const random = randomSource(seed);
  const matching = shuffle(matchingRules(), random).slice(0, Math.max(1, Math.round(count * MATCHING_SHARE)));
  if (matching.length > count) throw new Error(`gen-rules: at least ${matching.length} rules are needed`);
  // Matching rules sit at evenly spread positions, so lines they match still try part of the file.
  const matchingAt = new Map(matching.map((rule, k) => [Math.floor(((k + 0.5) * count) / matching.length), rule]));
  const totalWeight = QUIET_WEIGHTS.reduce((sum, w) => sum + w, 0);
  const quietRule = (index) => {
    let roll = random.next() * totalWeight;
    let shape = 0;
    while (roll >= QUIET_WEIGHTS[shape]) roll -= QUIET_WEIGHTS[shape++];
    return QUIET_SHAPES[shape](random, codeOf(index, seed));
  };
  const blocks = [`# ${count} generated rules (bench/gen-rules.mjs, seed ${seed}), ${matching.length} of them matching bench log lines`];
  for (let i = 0; i < count; i++) {
    const matchingRule = matchingAt.get(i);
    const rule = matchingRule ?? quietRule(i);
    // A few quiet rules count instead of reporting at once, as rule bases do.
    const counts = !matchingRule && random.next() < 0.1;
    blocks.push(
      [
        `type=${counts ? 'SingleWithThreshold' : 'Single'}`,
        `ptype=${rule.ptype ?? 'RegExp'}`,
        `pattern=${rule.pattern}`,
        `desc=r${i} ${rule.desc}`,
        'action=write out.log %s',
        ...(counts ? ['window=86400', 'thresh=5'] : []),
      ].join('\n'),
    );
  }
  return `${blocks.join('\n\n')}\n`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? Number(args[i + 1]) : dflt;
  };
  process.stdout.write(generateRules(opt('rules', 100), opt('seed', 1)));
}
