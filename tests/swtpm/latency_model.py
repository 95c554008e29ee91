"""A latency model of a real TPM: how long it takes to answer each command, from published measurements
(tests/swtpm/latency_models/*.json, each citing its TPMScan performance.yaml). The fault proxy
(tpm_fault_proxy.py --model) makes every answer take the model's time instead of swtpm's.

Key generation depends on the key: TPM2_Create, TPM2_CreatePrimary and TPM2_CreateLoaded are timed by the
template's type, size or curve, read from the command (TPM 2.0 Library Part 3, 12.1 Create, 24.1
CreatePrimary, 12.9 CreateLoaded; Part 2, 12.2.4 TPMT_PUBLIC, 12.2.3.5 TPMS_RSA_PARMS, 12.2.3.6
TPMS_ECC_PARMS)."""
import json
import os
import struct

from tpm_wire import TPM_ST_SESSIONS, command_name, header

MODELS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "latency_models")
TPM_ALG_RSA, TPM_ALG_KEYEDHASH, TPM_ALG_ECC, TPM_ALG_SYMCIPHER, TPM_ALG_NULL = 0x0001, 0x0008, 0x0023, 0x0025, 0x0010
TPM_RH_NULL = 0x40000007
CREATE_CODES = (0x131, 0x153, 0x191)  # CreatePrimary, Create, CreateLoaded: one handle, then sensitive, public


def model_path(name):
    """A model by file name without .json (e.g. ifx-slb9670-7.85) or by path."""
    return name if os.path.exists(name) else os.path.join(MODELS, name + ".json")


def _u16(data, at):
    return struct.unpack(">H", data[at:at + 2])[0]


def key_of_template(command):
    """"RSA 2048", "ECC 0x0003", "HMAC" or "SYMCIPHER" for a create command's template, as the data set names
    key parameters; None when the command is too short or of another kind."""
    try:
        tag, _, _ = header(command)
        at = 14  # header, parent or hierarchy handle
        if tag == TPM_ST_SESSIONS:
            at += 4 + struct.unpack(">I", command[at:at + 4])[0]
        at += 2 + _u16(command, at)  # TPM2B_SENSITIVE_CREATE
        at += 2  # TPM2B_PUBLIC / TPM2B_TEMPLATE size
        kind = _u16(command, at)
        at += 2 + 2 + 4  # type, nameAlg, objectAttributes
        at += 2 + _u16(command, at)  # authPolicy
        if kind == TPM_ALG_KEYEDHASH:
            return "HMAC"
        if kind == TPM_ALG_SYMCIPHER:
            return "SYMCIPHER"
        if kind not in (TPM_ALG_RSA, TPM_ALG_ECC):
            return None
        at += 2 if _u16(command, at) == TPM_ALG_NULL else 6  # symmetric: algorithm [, keyBits, mode]
        at += 2 if _u16(command, at) == TPM_ALG_NULL else 4  # scheme: algorithm [, hashAlg]
        if kind == TPM_ALG_RSA:
            return f"RSA {_u16(command, at)}"
        return f"ECC 0x{_u16(command, at):04x}"
    except (struct.error, IndexError):
        return None


class LatencyModel:
    def __init__(self, path, scale=1.0):
        with open(model_path(path)) as f:
            self.data = json.load(f)
        self.name = self.data["name"]
        self.scale = scale

    def create_ms(self, key):
        """A key the data set measured; another ECC curve takes the slowest measured curve's time, another RSA
        size (or an unreadable template) RSA 2048's."""
        measured = self.data["create_ms"]
        if key in measured:
            return measured[key]
        if key.startswith("ECC"):
            return max(v for k, v in measured.items() if k.startswith("ECC"))
        return measured["RSA 2048"]

    def milliseconds(self, command):
        """The modelled time of one command, scaled."""
        cc = header(command)[2]
        d = self.data
        ms = d["commands_ms"].get(command_name(cc), d["default_ms"])
        if cc in CREATE_CODES:
            ms = self.create_ms(key_of_template(command) or "RSA 2048")
        elif cc == 0x147:  # ActivateCredential: the EK's OAEP decryption of the seed
            ms = d["rsa_decrypt_oaep_2048_ms"]
        elif cc == 0x176 and len(command) >= 14 and struct.unpack(">I", command[10:14])[0] != TPM_RH_NULL:
            ms = d["rsa_decrypt_oaep_2048_ms"]  # a salted session: the salt is decrypted with tpmKey
        return ms * self.scale
