"""The test AIK service (tests/net/mock_server.py --aik-enrol, tests/net/aik_scep_service.py) against a reference
client that plays Windows and the TPM in software (aik_ref_client.py): an enrolment that gets an AIK certificate
(EKU 2.23.133.8.3, the AIK's key, issued by the test AIK CA under the test TPM root), every spoiled request refused
with Microsoft's status and words (a tampered CertifyCreation signature, an EK from another CA, an EK key that is
not the certificate's, a wrong answer to the challenge, garbage), and each negative mode's answer. The credential
protection is checked against tpm2-tools' own TPM2_MakeCredential. Loopback only, a few seconds."""
import hashlib
import os
import subprocess
import sys
import time

from harness import (ROOT, Skip, Swtpm, Workspace, aik_enrol_options, check, free_port_pair, provisioned_state,
                     test_cabs, tpm2)

import aik_ref_client as rc
from aik_ref_client import cms, d, svc, t
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

MSG_EK, MSG_ATTEST, MSG_PARSE = svc.chk.MSG_EK, svc.chk.MSG_ATTEST, svc.chk.MSG_PARSE


class AikMock:
    """mock_server.py answering PKIOperation in mode, trusting the EK CA root in ek_ca_pem."""

    def __init__(self, build, work, mode, ek_ca_pem, stall=30):
        cabs = test_cabs(build)
        with open(os.path.join(cabs, "aik-id")) as f:
            self.aik_id = f.read().strip()
        self.host = self.aik_id + ".microsoftaik.azure.net"
        self.keys = os.path.join(cabs, "scep", "keys")
        self.log = os.path.join(work, f"aik-{mode}.log")
        self.port = free_port_pair()
        self.proc = subprocess.Popen([sys.executable, os.path.join(ROOT, "tests/net/mock_server.py"), "--port",
                                      str(self.port), "--listed", self.aik_id, "--lifetime", "60",
                                      "--stall", str(stall),
                                      "--aik-chain", os.path.join(cabs, "scep", "good.p7b"), "--aik-enrol", mode,
                                      "--ek-ca", ek_ca_pem, "--aik-log", self.log], stdout=subprocess.PIPE, text=True)
        check(self.proc.stdout.readline().strip() == "ready", f"the AIK mock did not start in mode {mode}")

    def client(self, ek_ca, tpm=None, host=None, timeout=10):
        return rc.Client(self.port, host or self.host, tpm or rc.SoftTpm(ek_ca), ek_ca.chain(), timeout=timeout)

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


def spki(key):
    return key.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)


def refused(answer, status, message):
    check(isinstance(answer, rc.Answer) and answer.status == status and answer.json_message() == message and
          answer.headers.get("Content-Type", "").startswith("application/json"),
          f"expected {status} {message!r}, got {vars(answer) if isinstance(answer, rc.Answer) else answer}")


def check_issued(cert, tpm, keys):
    """The AIK certificate: the AIK's key, EKU 2.23.133.8.3 only, empty subject with the TPM's identity (the EK
    certificate's) in a critical subjectAltName, signed by the test AIK CA, which the test TPM root signed."""
    with open(os.path.join(keys, "aik-ca.pem"), "rb") as f:
        aik_ca = x509.load_pem_x509_certificate(f.read())
    with open(os.path.join(keys, "root.pem"), "rb") as f:
        root = x509.load_pem_x509_certificate(f.read())
    check(isinstance(cert, x509.Certificate), f"no certificate issued: {cert}")
    check(spki(cert.public_key()) == tpm.aik_spki, "the certificate is not for the AIK")
    eku = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    check([o.dotted_string for o in eku] == ["2.23.133.8.3"], f"EKU {eku}")
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName)
    ek_san = tpm.ek_cert.extensions.get_extension_for_class(x509.SubjectAlternativeName)
    check(len(cert.subject) == 0 and san.critical and san.value == ek_san.value, f"{san} for the EK's {ek_san}")
    check(cert.issuer == aik_ca.subject and aik_ca.issuer == root.subject, "not under the test AIK CA and root")
    for c, issuer in ((cert, aik_ca), (aik_ca, root)):
        issuer.public_key().verify(c.signature, c.tbs_certificate_bytes, padding.PKCS1v15(), c.signature_hash_algorithm)


def test_aik_mock_enrolment(build):
    """issue: one certificate for the right enrolment; every spoiled request refused with its status and words."""
    with Workspace(build) as work:
        ca, stranger = rc.EkCa(), rc.EkCa("Stranger EK")
        mock = AikMock(build, work, "issue", ca.root_pem(os.path.join(work, "ek-root.pem")))
        try:
            started = time.time()
            tpm = rc.SoftTpm(ca)
            check_issued(mock.client(ca, tpm).enrol(), tpm, mock.keys)
            took = time.time() - started
            # a CertifyCreation signature that does not verify
            bad_sig = bytearray(tpm.signature)
            bad_sig[-1] ^= 1
            refused(mock.client(ca, tpm).enrol(kast=rc.statement(tpm, bytes(bad_sig))), 400, MSG_ATTEST)
            # a statement whose creationHash is not that of the creation data sent
            other = rc.SoftTpm(ca)
            other.creation = other.creation[:-1] + b"\x01\x00"  # outsideInfo of one byte
            refused(mock.client(ca, other).enrol(), 400, MSG_ATTEST)
            # a KAST header of another version
            good = rc.statement(tpm)
            refused(mock.client(ca, tpm).enrol(kast=good[:4] + b"\x02" + good[5:]), 400, MSG_ATTEST)
            # an EK certificate from a CA the service does not trust
            refused(mock.client(stranger, rc.SoftTpm(stranger)).enrol(), 400, MSG_EK)
            # an EK key beside the certificate that is not the certificate's
            c = mock.client(ca, tpm)
            c.ra_certs()
            info = cms.enveloped(d.seq(spki(rc.key().public_key()), tpm.ek_cert.public_bytes(Encoding.DER)), c.ra_enc)
            refused(c.enrol(ek_info=info), 400, MSG_EK)
            # a wrong answer to the challenge: CertRep FAILURE, badRequest
            result = mock.client(ca, tpm).enrol(answer_with=os.urandom(32))
            check(result == ("2", "2"), f"a wrong answer got {result}")
            # garbage, and an authority the service does not have
            c = mock.client(ca, tpm)
            refused(c.http("POST", "operation=PKIOperation", b"\x30\x03\x02\x01\x00"), 400, MSG_PARSE)
            other_host = "ibm-keyid-" + "0" * 40 + ".microsoftaik.azure.net"
            a = mock.client(ca, tpm, host=other_host).http("POST", "operation=PKIOperation", b"x")
            refused(a, 404, f'The authority "{other_host}" does not exist.')
        finally:
            mock.stop()
        with open(mock.log) as f:
            log = f.read()
        check(log.count("AIK certificate issued") == 1 and "bad signature" not in log, log)
        check(took < 10, f"one enrolment took {took:.1f} s")


def test_aik_mock_modes(build):
    """Each negative mode: its status and body, or its broken answer, to an enrolment that is right."""
    expected = {"unknown-keyid": (404, None), "ek-invalid": (400, MSG_EK), "attestation-rejected": (400, MSG_ATTEST)}
    with Workspace(build) as work:
        ca = rc.EkCa()
        root = ca.root_pem(os.path.join(work, "ek-root.pem"))
        tpm = rc.SoftTpm(ca)
        for mode in ("unknown-keyid", "ek-invalid", "attestation-rejected", "rate-limited", "wrong-answer",
                     "truncated", "garbage", "stall", "untrusted-signer", "cert-wrong-key"):
            mock = AikMock(build, work, mode, root, stall=3)
            try:
                client = mock.client(ca, tpm, timeout=1.5)
                if mode in expected:
                    status, message = expected[mode]
                    refused(client.enrol(), status, message or f'The authority "{mock.host.lower()}" does not exist.')
                elif mode == "rate-limited":
                    a = client.enrol()
                    check(a.status == 429 and a.headers.get("Retry-After") == str(svc.RETRY_AFTER), str(vars(a)))
                elif mode == "wrong-answer":
                    check(client.enrol() == ("2", "2"), "a right answer was not refused")
                elif mode == "cert-wrong-key":
                    cert = client.enrol()
                    check(spki(cert.public_key()) != tpm.aik_spki, "the AIK's key was certified")
                else:
                    check_broken(mode, client)
            finally:
                mock.stop()


def check_broken(mode, client):
    """truncated, garbage, stall, untrusted-signer: the challenge answer cannot be read or trusted."""
    client.ra_certs()
    started = time.time()
    try:
        first = client.post("19", client.pkcs_req())
    except OSError as e:  # the stall: the read times out well before the mock's --stall ends
        check(mode == "stall" and time.time() - started < 2.9, f"{mode}: {e}")
        return
    check(mode != "stall" and first.status == 200, f"{mode}: {first.status}")
    if mode == "garbage":
        check(first.headers["Content-Type"] == "text/html", str(first.headers))
    try:
        client.challenge(first)
    except (cms.CmsError, d.DerError) as e:
        check(mode != "untrusted-signer" or "another certificate" in str(e), f"{mode}: {e}")
        return
    raise AssertionError(f"{mode}: the challenge answer was accepted")


def test_aik_mock_mutated_requests(build):
    """The service in process, fed a right PKCSReq with one byte changed at 400 random places, and a claim with a
    spoiled serverContext: each answer is a refusal with Microsoft's words or (where the byte does not matter, as in
    an unused certificate) the challenge - never the mock's own error."""
    import random
    with Workspace(build) as work:
        ca = rc.EkCa()
        mock = AikMock(build, work, "issue", ca.root_pem(os.path.join(work, "ek-root.pem")))
        try:
            client = mock.client(ca)
            client.ra_certs()
            client.nonce = os.urandom(16)
            attrs = [(svc.MESSAGE_TYPE, d.printable("19")), (svc.TRANSACTION_ID, d.printable(client.txid)),
                     (svc.SENDER_NONCE, d.octets(client.nonce))]
            body = cms.signed_data(cms.enveloped(client.pkcs_req(), client.ra_enc), client.cert, client.key, attrs,
                                   certs=[client.der, *client.ek_chain])
        finally:
            mock.stop()
        service = svc.AikService(mock.keys, [os.path.join(work, "ek-root.pem")], "issue")
        check(service.pki_operation(mock.host, body).status == 200, "the unchanged request was refused")
        rng = random.Random(7)
        seen = {}
        for _ in range(400):
            spoiled = bytearray(body)
            spoiled[rng.randrange(len(body))] ^= 1 << rng.randrange(8)
            reply = service.pki_operation(mock.host, bytes(spoiled))
            message = reply.body if reply.status != 200 else b"challenge"
            check(reply.status in (200, 400) and (reply.status == 200 or b'"Message":' in reply.body),
                  f"{reply.status} {reply.body[:200]}")
            seen[message] = seen.get(message, 0) + 1
        check(len(seen) >= 2, f"answers seen: {seen}")
        first = service.pki_operation(mock.host, body)
        _, _, context = client.challenge(rc.Answer(200, {}, first.body))
        spoiled = context[:-1] + bytes([context[-1] ^ 1])
        answer = cms.enveloped(d.set_of(d.seq(d.oid(svc.ANSWER_OID), d.set_of(cms.enveloped(b"x", client.ra_enc))),
                                        spoiled, sort=False), client.ra_enc)
        claim = cms.signed_data(answer, client.cert, client.key,
                                [(svc.MESSAGE_TYPE, d.printable("41")), (svc.TRANSACTION_ID, d.printable(client.txid)),
                                 (svc.SENDER_NONCE, d.octets(os.urandom(16)))])
        reply = service.pki_operation(mock.host, claim)
        check(reply.status == 400 and b"Failed to parse" in reply.body, f"a spoiled serverContext: {reply.body}")


def test_aik_mock_credential_interop(build):
    """tpm2-tools' TPM2_MakeCredential (tpm2_makecredential without a TPM) to a software EK: the software
    ActivateCredential the reference client and the mock share recovers the secret; another name does not."""
    with Workspace(build) as work:
        ek = rc.key()
        pem = os.path.join(work, "ek.pem")
        with open(pem, "wb") as f:
            f.write(ek.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo))
        secret, name = os.urandom(32), b"\x00\x0b" + hashlib.sha256(b"an AIK").digest()
        with open(os.path.join(work, "secret"), "wb") as f:
            f.write(secret)
        out = subprocess.run(["tpm2_makecredential", "-T", "none", "-u", pem, "-G", "rsa", "-s",
                              os.path.join(work, "secret"), "-n", name.hex(), "-o", os.path.join(work, "cred")],
                             capture_output=True, timeout=30)
        if out.returncode != 0:
            raise Skip(f"tpm2_makecredential failed: {out.stderr.decode(errors='replace')}")
        with open(os.path.join(work, "cred"), "rb") as f:
            r = t.Reader(f.read(), "tpm2_makecredential output")
        check(r.u32() == 0xBADCC0DE and r.u32() == 1, "not tpm2-tools' credential file")
        id_object, encrypted = r.tpm2b(), r.tpm2b()
        check(t.activate_credential(ek, name, id_object, encrypted) == secret, "the secret was not recovered")
        try:
            t.activate_credential(ek, name[:-1] + bytes([name[-1] ^ 1]), id_object, encrypted)
            raise AssertionError("another object name activated the credential")
        except t.TpmError:
            pass


class SwtpmAik:
    """The TPM's part played by swtpm through tpm2-tools, as the C client plays it: the EK certificate of its NV
    (issued by the test EK CA of tests/swtpm/provision.sh), Windows' AIK made with TPM2_CreatePrimary in the owner
    hierarchy, TPM2_CertifyCreation of it by itself, and TPM2_ActivateCredential with the EK under PolicySecret
    (endorsement). Objects are addressed by handle: swtpm has no resource manager."""

    def __init__(self, tpm, work):
        self.tpm, self.work = tpm, work
        j = self.path
        tpm2(tpm, "nvread", "0x1c00002", "-C", "o", "-o", j("ek.der"))
        self.ek_cert = x509.load_der_x509_certificate(self.read("ek.der"))
        tpm2(tpm, "createprimary", "-C", "o", "-G", "rsa2048:rsassa-sha256:null", "-g", "sha256", "-a",
             "fixedtpm|fixedparent|sensitivedataorigin|userwithauth|noda|restricted|sign", "-c", j("aik.ctx"),
             "--creation-data", j("creation"), "-d", j("creation.hash"), "-t", j("ticket"))
        self.aik = self.newest_handle()
        tpm2(tpm, "readpublic", "-c", self.aik, "-o", j("aik.pub"), "-n", j("aik.name"))
        tpm2(tpm, "certifycreation", "-C", self.aik, "-c", self.aik, "-d", j("creation.hash"), "-t", j("ticket"),
             "-g", "sha256", "-o", j("signature"), "--attestation", j("attest"))
        tpm2(tpm, "createek", "-c", j("ek.ctx"), "-G", "rsa", "-u", j("ek.pub"))
        self.ek = self.newest_handle()
        self.public, self.creation = self.read("aik.pub")[2:], self.read("creation")[2:]  # TPM2B_ sizes off
        self.attest, self.signature = self.read("attest"), self.read("signature")
        self.name = self.read("aik.name")
        self.aik_spki = spki(t.RsaPublic(self.public).key)

    def path(self, name):
        return os.path.join(self.work, name)

    def read(self, name):
        with open(self.path(name), "rb") as f:
            return f.read()

    def newest_handle(self):
        return tpm2(self.tpm, "getcap", "handles-transient").stdout.decode().split()[-1]

    def activate(self, id_object, secret):
        import struct
        with open(self.path("credential"), "wb") as f:  # tpm2-tools' credential file: magic, version, the two TPM2Bs
            f.write(struct.pack(">II", 0xBADCC0DE, 1) + t.b2(id_object) + t.b2(secret))
        tpm2(self.tpm, "startauthsession", "--policy-session", "-S", self.path("session"))
        tpm2(self.tpm, "policysecret", "-S", self.path("session"), "-c", "e")
        tpm2(self.tpm, "activatecredential", "-c", self.aik, "-C", self.ek, "-i", self.path("credential"), "-o",
             self.path("recovered"), "-P", "session:" + self.path("session"))
        tpm2(self.tpm, "flushcontext", self.path("session"))
        return self.read("recovered")


def test_aik_mock_swtpm(build):
    """A real TPM's statement and answer (swtpm), with the EK certificate the test EK CA issued, against the mock
    trusting exactly that CA: its root with the issuing CA sent as the EK's intermediate, and (harness
    aik_enrol_options, as the C client's system tests run it) root and issuing CA with no intermediate sent - the
    certificate is issued; against a mock trusting another EK CA, and the root only with no intermediate sent, the
    EK is refused."""
    ek_ca = os.path.join(build, "tests", "tpm-template.ca")
    options = aik_enrol_options(build)
    with Workspace(build) as work:
        tpm = Swtpm(provisioned_state(build, os.path.join(work, "tpm")))
        try:
            aik = SwtpmAik(tpm, work)
            with open(os.path.join(ek_ca, "issuer.der"), "rb") as f:
                chain = [f.read()]
            stranger = rc.EkCa("Stranger").root_pem(os.path.join(work, "stranger.pem"))
            for trusted, sent, issued in ((os.path.join(ek_ca, "root.pem"), chain, True), (options["ek_ca"], [], True),
                                          (stranger, chain, False), (os.path.join(ek_ca, "root.pem"), [], False)):
                mock = AikMock(build, work, "issue", trusted)
                try:
                    result = rc.Client(mock.port, mock.host, aik, sent).enrol()
                finally:
                    mock.stop()
                if issued:
                    check_issued(result, aik, mock.keys)
                else:
                    refused(result, 400, MSG_EK)
        finally:
            tpm.stop()
