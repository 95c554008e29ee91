"""TPM 2.0 messages on a stream, for the test proxies: reading one command or response by its header's size,
the names of the command codes the tool sends, and asking a TPM which transient objects and sessions are
loaded (TPM2_GetCapability(TPM_CAP_HANDLES)).

TPM 2.0 Library Part 1, 18.2 (the 10-byte header: tag, size, code); Part 2, 6.5.2 (TPM_CC), 6.13 (TPM_CAP),
7.2 (TPM_HT); Part 3, 30.2 (TPM2_GetCapability)."""
import socket
import struct

HEADER = 10
MAX_MESSAGE = 4096  # PC Client MAX_COMMAND_SIZE / MAX_RESPONSE_SIZE

TPM_ST_NO_SESSIONS = 0x8001
TPM_ST_SESSIONS = 0x8002

# Part 2, 6.5.2: the commands tpm-preflight sends (and a few the firmware does), by code.
COMMAND_NAMES = {
    0x11F: "NV_UndefineSpaceSpecial", 0x120: "EvictControl", 0x121: "HierarchyControl", 0x126: "Clear",
    0x129: "HierarchyChangeAuth", 0x12A: "NV_DefineSpace", 0x131: "CreatePrimary", 0x137: "NV_Write",
    0x13C: "PCR_Event", 0x143: "SelfTest", 0x144: "Startup", 0x145: "Shutdown", 0x147: "ActivateCredential",
    0x14E: "NV_Read", 0x151: "PolicySecret", 0x153: "Create", 0x157: "Load", 0x159: "RSA_Decrypt",
    0x165: "FlushContext", 0x169: "NV_ReadPublic", 0x16C: "PolicyCommandCode", 0x173: "ReadPublic",
    0x176: "StartAuthSession", 0x17A: "GetCapability", 0x17B: "GetRandom", 0x17C: "GetTestResult",
    0x17E: "PCR_Read", 0x182: "PCR_Extend", 0x189: "PolicyGetDigest", 0x191: "CreateLoaded",
}

TPM_CAP_HANDLES = 1
TPM_HT_TRANSIENT = 0x80000000
TPM_HT_LOADED_SESSION = 0x02000000  # HMAC sessions and loaded policy sessions
TPM_HT_SAVED_SESSION = 0x03000000   # sessions whose context was saved (still counted by the TPM)


def command_name(cc):
    return COMMAND_NAMES.get(cc, f"0x{cc:08x}")


def header(message):
    """(tag, size, code) of a command or response of at least 10 bytes."""
    return struct.unpack(">HII", message[:HEADER])


def read_exactly(sock, count):
    data = b""
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def read_message(sock):
    """One whole command or response from a stream socket; None at the end of the stream or a bad size."""
    head = read_exactly(sock, HEADER)
    if head is None:
        return None
    size = header(head)[1]
    if size < HEADER or size > MAX_MESSAGE:
        return None
    body = read_exactly(sock, size - HEADER)
    return None if body is None else head + body


def exchange_one(client, swtpm_port, timeout=30):
    """One command read from client, sent to swtpm's data port on loopback (swtpm's socket takes one command per
    connection or many), and swtpm's answer: (command, response); None for what did not come."""
    client.settimeout(timeout)
    command = read_message(client)
    if command is None:
        return None, None
    with socket.create_connection(("127.0.0.1", swtpm_port), timeout=timeout) as tpm:
        tpm.sendall(command)
        return command, read_message(tpm)


def get_capability_handles(first):
    return struct.pack(">HIIIII", TPM_ST_NO_SESSIONS, 22, 0x17A, TPM_CAP_HANDLES, first, 64)


def parse_handles(response):
    """The handles of a TPM2_GetCapability(TPM_CAP_HANDLES) response (Part 2, 10.10.2 TPML_HANDLE), or None."""
    if response is None or len(response) < 19 or header(response)[2] != 0:
        return None
    count = struct.unpack(">I", response[15:19])[0]
    if len(response) < 19 + 4 * count:
        return None
    return [struct.unpack(">I", response[19 + 4 * i:23 + 4 * i])[0] for i in range(count)]


def loaded_handles(exchange):
    """{kind: [handles]} for transient objects, loaded and saved sessions; exchange(command) -> response.
    A list is None when the TPM did not answer the question."""
    kinds = {"transient": TPM_HT_TRANSIENT, "loaded_session": TPM_HT_LOADED_SESSION,
             "saved_session": TPM_HT_SAVED_SESSION}
    return {kind: parse_handles(exchange(get_capability_handles(first))) for kind, first in kinds.items()}


def flush(exchange, handle):
    """TPM2_FlushContext (Part 3, 28.4) of a handle a faulty run left behind, so the next run starts clean."""
    return exchange(struct.pack(">HIII", TPM_ST_NO_SESSIONS, 14, 0x165, handle))
