"""What a misbehaving TPM does to each command: the fault plan of tests/swtpm/tpm_fault_proxy.py.

A rule picks commands by their index in the run (0 = the first command the proxy sees) or by command code
(optionally only from its nth occurrence), and applies a fault kind to `n` of them: an index rule goes on with
the next commands of the same code (a retried command), a code rule with the next commands of that code.
Kinds (TPM 2.0 Library Part 2, 6.6 TPM_RC; Part 1, 18.2 the response header):
  delay     forward, then wait `ms` before answering
  retry     answer TPM_RC_RETRY (0x922) without forwarding       \
  yielded   answer TPM_RC_YIELDED (0x908)                          > warnings: the command may be sent again
  testing   answer TPM_RC_TESTING (0x90A)                        /
  failure   answer TPM_RC_FAILURE (0x101): the TPM is in failure mode
  lockout   answer TPM_RC_LOCKOUT (0x921): dictionary-attack lockout
  truncate  forward; send the first half of the answer, its header's size rewritten to match
  oversize  forward; the header announces 64 bytes more than are sent, then the connection closes
  tag       forward; the response tag changed (TPM_ST_NO_SESSIONS <-> TPM_ST_SESSIONS, or `tag=0x..`)
  garbage   forward; a header saying success with random bytes after it (the answer's length)
  hang      never answer (the connection stays open until the client gives up)
Every command is logged: index, code, name, fault, the response code sent and the time taken."""
import json
import random
import struct
import threading
import time

from tpm_wire import HEADER, MAX_MESSAGE, TPM_ST_NO_SESSIONS, TPM_ST_SESSIONS, COMMAND_NAMES, command_name, header

RESPONSE_CODES = {"retry": 0x922, "yielded": 0x908, "testing": 0x90A, "failure": 0x101, "lockout": 0x921}
WARNINGS = ("retry", "yielded", "testing")
KINDS = ("delay", *RESPONSE_CODES, "truncate", "oversize", "tag", "garbage", "hang")
CODES_BY_NAME = {name.lower(): cc for cc, name in COMMAND_NAMES.items()}


class Rule:
    """SELECTOR:KIND[:n=N][:ms=MS][:tag=0xTAG], SELECTOR k=INDEX or cc=CODE|NAME[,nth=M]."""

    def __init__(self, text):
        parts = text.split(":")
        if len(parts) < 2 or parts[1] not in KINDS:
            raise ValueError(f"bad fault rule {text!r}: SELECTOR:KIND with KIND one of {', '.join(KINDS)}")
        selector, self.kind = parts[0].split(","), parts[1]
        opts = dict(p.split("=", 1) for p in parts[2:])
        self.count, self.ms = int(opts.get("n", 1)), float(opts.get("ms", 1000))
        self.tag = int(opts["tag"], 0) if "tag" in opts else None
        sel = dict(p.split("=", 1) for p in selector)
        self.index = int(sel["k"]) if "k" in sel else None
        cc = sel.get("cc")
        self.cc = None if cc is None else CODES_BY_NAME.get(cc.lower()) or int(cc, 0)
        self.nth = int(sel.get("nth", 1))
        if (self.index is None) == (self.cc is None):
            raise ValueError(f"bad fault rule {text!r}: give k=INDEX or cc=CODE")
        self.fired, self.seen, self.last, self.cc_fired = 0, 0, None, None

    def matches(self, index, cc):
        if self.fired >= self.count:
            return False
        if self.index is not None:
            if self.fired:  # an index rule goes on with the next commands of the same code
                return cc == self.cc_fired and index == self.last + 1
            return index == self.index
        if cc != self.cc:
            return False
        self.seen += 1
        return self.seen >= self.nth

    def fire(self, index, cc):
        self.fired += 1
        self.cc_fired, self.last = cc, index


def error_response(rc):
    return struct.pack(">HII", TPM_ST_NO_SESSIONS, HEADER, rc)


class FaultPlan:
    """Answers each command through `forward(command) -> response or None`, applying the rules and the
    latency model. answer() returns (response bytes or None for no answer, close the connection after)."""

    def __init__(self, rules=(), model=None, log_path=None):
        self.rules = [r if isinstance(r, Rule) else Rule(r) for r in rules]
        self.model = model
        self.log = []
        self.log_path = log_path
        self.lock = threading.Lock()
        if log_path:
            open(log_path, "w").close()

    def answer(self, command, forward):
        with self.lock:
            index, cc = len(self.log), header(command)[2]
            rule = next((r for r in self.rules if r.matches(index, cc)), None)
            if rule:
                rule.fire(index, cc)
            entry = {"i": index, "cc": f"0x{cc:08x}", "name": command_name(cc), "fault": rule.kind if rule else None}
            self.log.append(entry)
        started = time.monotonic()
        response, close = self._apply(rule, command, forward, index)
        if self.model is not None and response is not None:
            entry["model_ms"] = round(self.model.milliseconds(command), 2)
            time.sleep(max(0.0, entry["model_ms"] / 1000 - (time.monotonic() - started)))
        entry["rc"] = f"0x{header(response)[2]:08x}" if response and len(response) >= HEADER else None
        entry["ms"] = round(1000 * (time.monotonic() - started), 1)
        if self.log_path:
            with self.lock, open(self.log_path, "a") as f:
                f.write(json.dumps(entry) + "\n")
        return response, close

    def _apply(self, rule, command, forward, index):
        kind = rule.kind if rule else None
        if kind in RESPONSE_CODES:
            return error_response(RESPONSE_CODES[kind]), False
        if kind == "hang":
            return None, False
        response = forward(command)
        if response is None or kind is None:
            return response, response is None
        if kind == "delay":
            time.sleep(rule.ms / 1000)
            return response, False
        if kind == "truncate":
            if len(response) <= HEADER:  # nothing after the header: half a header, then the end
                return response[:6], True
            cut = HEADER + (len(response) - HEADER) // 2
            return response[:2] + struct.pack(">I", cut) + response[6:cut], False
        if kind == "oversize":
            announced = min(len(response) + 64, MAX_MESSAGE)
            return response[:2] + struct.pack(">I", announced) + response[6:], True
        if kind == "tag":
            tag = header(response)[0]
            new = rule.tag if rule.tag is not None else TPM_ST_SESSIONS if tag == TPM_ST_NO_SESSIONS else TPM_ST_NO_SESSIONS
            return struct.pack(">H", new) + response[2:], False
        if kind == "garbage":
            noise = random.Random(index).randbytes(max(len(response) - HEADER, 16))
            return struct.pack(">HII", header(response)[0], HEADER + len(noise), 0) + noise, False
        raise ValueError(kind)

    def commands(self):
        """The command names of the run so far, in order."""
        return [e["name"] for e in self.log]
