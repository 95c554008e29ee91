"""The UEFI application's own network stack in QEMU: a virtio-net NIC (OVMF's driver) on a tap device in a test
network namespace with dnsmasq (DHCP, DNS) and mock services (tests/system/testnet.py). The online checks run
over lwIP and mbed TLS with the test CA as the stick's CA bundle; each fault gives its named result."""
import json
import os
import re
import socket
import threading
import time

from harness import (Workspace, aik_enrol_options, boot, check, evidence, image_reports, make_image, provisioned_state,
                     test_cabs)
from testnet import TestNetwork


def _aik_id(build):
    with open(os.path.join(test_cabs(build), "aik-id")) as f:
        return f.read().strip()


def _run(build, work, net, settings=None, ca=None, timeout=150, qemu_args=(), state=None, cab="good"):
    """Boots the unit in `net` with a test cab and `ca` as the stick's CA bundle; returns (report, console, time)."""
    state = state or provisioned_state(build, os.path.join(work, "tpm"))
    extra = {os.path.join(test_cabs(build), cab + ".cab"): "\\preflight\\TrustedTpm.cab"}
    if ca:
        extra[ca] = "\\preflight\\ca-bundle.pem"
    conf = {"finish": "shutdown", "virtual_tpm": "warn"}
    conf.update(settings or {})
    image = make_image(build, os.path.join(work, "stick.img"), conf, extra=extra)
    started = time.time()
    rc, console = boot(image, "crb", state, os.path.join(work, "serial.log"), timeout=timeout, network=net,
                       qemu_args=qemu_args)
    check(rc == 0, f"QEMU exit {rc}\n{console[-3000:]}")
    reports = image_reports(image)
    check(len(reports) == 1, f"{len(reports)} reports on the stick\n{console[-3000:]}")
    return reports[0], console, time.time() - started


def test_uefi_network_dhcp_and_online_checks(build):
    """DHCP lease from dnsmasq; the AIK probe (listed), the endpoint reachability and the clock over the tool's
    own TCP/IP and TLS; the report names the NIC (MAC, device path) and the address."""
    with Workspace(build) as work:
        net = TestNetwork(work)
        try:
            ca = net.serve(build, "server", 443, listed=_aik_id(build))
            net.serve(build, None, 80)
            net.ntp()
            report, console, _ = _run(build, work, net, ca=ca)
        finally:
            net.stop()
        conn = evidence(report, "network.connection")
        check(conn["status"] == "pass", f"network.connection: {conn}\n{console[-3000:]}")
        check(conn["evidence"]["address"].startswith("10.0.2.1"), str(conn))
        check("Pci(" in conn["evidence"]["nic_path"] and conn["evidence"]["nic"].count(":") == 5, str(conn))
        probe = evidence(report, "aik.authority.probe")
        check(probe["status"] == "pass", f"aik.authority.probe: {probe}")
        # GetCACertChain through lwIP and the stick's cab: the test AIK service's chain verified to its TPM root
        check(probe["evidence"].get("chain_state") == "verified (4 certificates)" and
              "[aik-ca]" in probe["evidence"].get("chain_3", ""), f"aik.authority.probe: {probe}")
        ends = evidence(report, "network.endpoints")
        check(ends["status"] == "pass", f"network.endpoints: {ends}")
        clock = evidence(report, "clock.skew")
        check(clock["status"] == "pass" and clock["evidence"]["source"].startswith("SNTP time.windows.com"),
              f"clock.skew: {clock}")
        check("connecttest.txt" in clock["evidence"]["http_date"], str(clock))
        check(re.search(r"DONE     aik.authority.probe: pass in \d+\.\d s", console), "no DONE line for the probe")


def _endpoint(report, host):
    for line in evidence(report, "network.endpoints")["evidence"].values():
        if line.startswith(host + ":"):
            return line
    raise AssertionError(f"no endpoint line for {host}")


def test_uefi_network_faults_are_named(build):
    """TLS inspection (an untrusted issuer), a name that does not exist, a refused connection and an NTP server
    a day ahead, each with its named result, in one boot."""
    with Workspace(build) as work:
        net = TestNetwork(work, unresolved=("login.live.com",), refused=("login.microsoftonline.com",))
        try:
            net.serve(build, "intercept", 443, listed=_aik_id(build))
            net.serve(build, None, 80)
            net.ntp(offset=86400)
            ca = net.serve(build, "server", 8443)  # only for the test CA's path
            report, console, elapsed = _run(build, work, net, ca=ca)
        finally:
            net.stop()
        ends = evidence(report, "network.endpoints")
        check(ends["status"] == "fail", str(ends))
        check("tls failed [TLS-VERIFY-UNTRUSTED]: TLS: the certificate of ekop.intel.com is issued by an untrusted CA"
              in _endpoint(report, "ekop.intel.com") and "Corporate TLS Inspection CA" in _endpoint(report, "ekop.intel.com"),
              _endpoint(report, "ekop.intel.com"))
        check("dns failed [DNS-NXDOMAIN]: DNS: login.live.com cannot be resolved (the DNS server says no such name)"
              in _endpoint(report, "login.live.com"), _endpoint(report, "login.live.com"))
        check("connect failed [TCP-REFUSED]: TCP: login.microsoftonline.com port 443: connection refused"
              in _endpoint(report, "login.microsoftonline.com"), _endpoint(report, "login.microsoftonline.com"))
        probe = evidence(report, "aik.authority.probe")
        check(probe["status"] == "warn" and "Corporate TLS Inspection CA" in probe["details"] and
              probe["evidence"]["failure_code"] == "TLS-VERIFY-UNTRUSTED", str(probe))
        # a service that cannot be reached is not a service that does not know the TPM: its own reason and fix
        check(probe["reason"] == "aik.authority.probe/unreachable" and "does not know" not in probe["remediation"]
              and "authority does not exist" not in probe["predicts"], str(probe))
        clock = evidence(report, "clock.skew")
        check(clock["status"] == "fail" and "behind" in clock["summary"] and "SNTP" in clock["evidence"]["source"],
              str(clock))
        check("judged by the network's time" in clock["details"], str(clock))


def test_uefi_network_without_dhcp_is_a_named_warning(build):
    """No DHCP server: network.connection warns "no DHCP lease" within dhcp_timeout, the online checks are
    skipped with that reason, and the offline verdict still comes."""
    with Workspace(build) as work:
        net = TestNetwork(work, dhcp=False)
        try:
            started = time.time()
            report, console, elapsed = _run(build, work, net, {"dhcp_timeout": "3"})
        finally:
            net.stop()
        conn = evidence(report, "network.connection")
        check(conn["status"] == "warn" and "no DHCP lease within 3 s" in conn["summary"] and
              conn["evidence"]["failure_code"] == "NET-NO-DHCP", str(conn))
        check("NETWORK  none [NET-NO-DHCP]: no DHCP lease" in console, console[-3000:])
        check(conn["evidence"]["nic"].count(":") == 5, str(conn))
        probe = evidence(report, "aik.authority.probe")
        check(probe["status"] == "skip" and "no network: no DHCP lease" in probe["summary"], str(probe))
        check("waiting for a DHCP lease (2 s)" in console, "no progress line while waiting for DHCP")
        check(report["verdict"] in ("READY WITH WARNINGS", "READY"), report["verdict"])


def test_uefi_network_static_address_through_an_authenticating_proxy(build):
    """network = static with address, gateway and dns; proxy = http://user:password@host:port: the AIK probe
    and the endpoints go through CONNECT tunnels (TLS end to end), the clock through an absolute-URI GET; the
    password appears nowhere in the report or on the console."""
    with Workspace(build) as work:
        net = TestNetwork(work, dhcp=False)
        log = os.path.join(work, "proxy.log")
        try:
            ca = net.serve(build, "server", 443, listed=_aik_id(build))
            net.serve(build, None, 80)
            net.proxy(3128, "tech:s3cret-pw", log)
            report, console, _ = _run(build, work, net, {
                "network": "static", "address": "10.0.2.60/24", "gateway": "10.0.2.2", "dns": "10.0.2.2",
                "proxy": "http://tech:s3cret-pw@10.0.2.2:3128"}, ca=ca)
        finally:
            net.stop()
        conn = evidence(report, "network.connection")
        check(conn["status"] == "pass" and "Static address 10.0.2.60" in conn["summary"], str(conn))
        for check_id in ("aik.authority.probe", "network.endpoints", "clock.skew"):
            c = evidence(report, check_id)
            check(c["status"] == "pass", f"{check_id}: {c}")
        with open(log) as f:
            requests = f.read()
        check("CONNECT IBM-KeyId-" in requests and "CONNECT login.live.com:443" in requests, requests)
        check("GET http://www.msftconnecttest.com/connecttest.txt" in requests, requests)
        check("s3cret" not in console and "s3cret" not in str(report), "the proxy password leaked")


def test_uefi_cab_refresh_saves_a_newer_cab_beside_the_old(build):
    """Online, the fwlink (redirecting) gives a newer valid TrustedTpm.cab: it is saved on the stick as
    TrustedTpm-<date>.cab beside the old one, which is untouched, and the run uses it; the next boot picks the
    newest cab on the stick and keeps it, the same download being no newer."""
    from harness import boot as boot_unit, image_read, shared_testdata
    old = shared_testdata("trustedtpm", "TrustedTpm-2024-06-11.cab")
    new = shared_testdata("trustedtpm", "TrustedTpm-2024-11-21.cab")
    with Workspace(build) as work:
        net = TestNetwork(work)
        try:
            ca = net.serve(build, "server", 443, files={"/TrustedTpm.cab": new},
                           redirects={"/fwlink/?linkid=2097925": "https://download.test/TrustedTpm.cab"})
            state = provisioned_state(build, os.path.join(work, "tpm"))
            image = make_image(build, os.path.join(work, "stick.img"), {"finish": "shutdown", "virtual_tpm": "warn"},
                               extra={old: "\\preflight\\TrustedTpm.cab", ca: "\\preflight\\ca-bundle.pem"})
            runs = []
            for n in range(2):
                rc, console = boot_unit(image, "crb", state, os.path.join(work, f"serial{n}.log"), timeout=150, network=net)
                check(rc == 0, f"QEMU exit {rc}\n{console[-3000:]}")
                runs.append(image_reports(image)[-1])
        finally:
            net.stop()
        first, second = (evidence(r, "trust.cab") for r in runs)
        check("dated 2024-11-21 (was 2024-06-11)" in first["evidence"]["refresh"]
              and "TrustedTpm-2024-11-21.cab beside the old one" in first["evidence"]["refresh"], str(first))
        check("TrustedTpm-2024-11-21.cab" in first["evidence"]["file"], str(first))
        check("not newer than 2024-11-21" in second["evidence"]["refresh"], str(second))
        check("TrustedTpm-2024-11-21.cab" in second["evidence"]["file"], str(second))
        with open(old, "rb") as f:
            check(image_read(image, "/preflight/TrustedTpm.cab", binary=True) == f.read(), "the old cab was changed")
        with open(new, "rb") as f:
            check(image_read(image, "/preflight/TrustedTpm-2024-11-21.cab", binary=True) == f.read(), "saved cab differs")


def test_uefi_factory_run_uploads_the_report(build):
    """Factory mode with a collector: the JSON report is POSTed with the configured Authorization header; the
    collector's first answer is 503, so the second attempt (after a 2 s back-off) delivers it; the collector
    receives exactly the report saved on the stick, the token appears nowhere, and the unit powers off.
    The machine has no random source of its own (no virtio-rng, so no EFI_RNG_PROTOCOL; QEMU's qemu64 CPU has no
    RDRAND): DNS, ports, TLS before, during and after the run and the activation self-test draw from the TPM."""
    with Workspace(build) as work:
        net = TestNetwork(work)
        store = os.path.join(work, "collected")
        os.makedirs(store)
        token = "Authorization: Bearer s3cr3t-t0ken"
        try:
            ca = net.serve(build, "server", 443, listed=_aik_id(build), store=store, require_header=token, fail_first=1)
            net.serve(build, None, 80)
            net.ntp()
            report, console, _ = _run(build, work, net, {"mode": "factory", "finish": None,
                                                         "upload_url": "https://collector.test/collect/tpm",
                                                         "upload_header": token}, ca=ca,
                                           qemu_args=("--no-rng", "--cpu", "qemu64"))
        finally:
            net.stop()
        for check_id in ("network.connection", "network.endpoints", "aik.authority.probe", "ek.activation"):
            c = evidence(report, check_id)
            check(c["status"] == "pass" and c["evidence"].get("random_source") == "TPM2_GetRandom",
                  f"{check_id}: {c}\n{console[-3000:]}")
        check("UPLOAD   HTTP 503" in console and "(attempt 1 of 3)" in console, console[-3000:])
        check("UPLOAD   waiting 2 s before the next attempt" in console, console[-3000:])
        check("UPLOAD   sent: HTTP 201 Created from https://collector.test/collect/tpm (attempt 2 of 3)" in console,
              console[-3000:])
        with open(os.path.join(store, "2.json")) as f:
            received = json.load(f)
        check(received == report, "the collector did not receive the report saved on the stick")
        with open(os.path.join(store, "2.headers")) as f:
            check("Content-Type: application/json" in f.read(), "no JSON content type")
        check("s3cr3t" not in console and "s3cr3t" not in json.dumps(report), "the token leaked")


def test_uefi_network_certificate_and_body_faults(build):
    """An expired server certificate, one for another host name, an AIK service that stalls mid-body (bounded by
    the total time limit, 30 s) and a cab download larger than its cap, each named, in one boot."""
    from testnet import EXTRA
    with Workspace(build) as work:
        net = TestNetwork(work, pinned={"ekop.intel.com": EXTRA[0], "ftpm.amd.com": EXTRA[1]})
        try:
            ca = net.serve(build, "server", 443, aik_fault="stall", stall=90,
                           redirects={"/fwlink/?linkid=2097925": "https://download.test/huge"})
            net.serve(build, "expired", 443, bind=EXTRA[0])
            net.serve(build, "wronghost", 443, bind=EXTRA[1])
            net.serve(build, None, 80)
            net.ntp()
            report, console, elapsed = _run(build, work, net, ca=ca, timeout=240)
        finally:
            net.stop()
        check("tls failed [TLS-VERIFY-EXPIRED]: TLS: the certificate of ekop.intel.com has expired"
              in _endpoint(report, "ekop.intel.com"), _endpoint(report, "ekop.intel.com"))
        check("tls failed [TLS-VERIFY-HOSTNAME]: TLS: the certificate of ftpm.amd.com is for another host name"
              in _endpoint(report, "ftpm.amd.com"), _endpoint(report, "ftpm.amd.com"))
        probe = evidence(report, "aik.authority.probe")
        check(probe["status"] == "warn" and "(body)" in probe["summary"] and "stalled" in probe["details"] and
              probe["evidence"]["failure_code"] == "HTTP-STALLED-BODY", str(probe))
        cab = evidence(report, "trust.cab")
        check("[HTTP-TOO-LARGE]" in cab["evidence"]["refresh"] and "larger than allowed" in cab["evidence"]["refresh"],
              str(cab))
        check(elapsed < 120, f"the boot took {elapsed:.0f} s")
        check("WAITING  aik.authority.probe: still working, 5 s in this step" in console,
              "no sign of life during the stalled request")


def test_uefi_network_chooses_the_nic_with_a_link(build):
    """Two NICs, the first without a link (the QEMU monitor takes it down): the second is used, and the report
    says which NIC was passed over and why. The services speak only TLS 1.2 and sign with RSA-PSS, which the
    client meets with its TLS 1.2 retry (tls_session.h): the probe and the endpoints still pass."""
    with Workspace(build) as work:
        net = TestNetwork(work)
        monitor = os.path.join(work, "monitor.sock")

        def take_link_down():
            deadline = time.time() + 30
            while not os.path.exists(monitor) and time.time() < deadline:
                time.sleep(0.05)
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as m:
                m.connect(monitor)
                m.sendall(b"set_link idlenic off\n")
                time.sleep(1)

        threading.Thread(target=take_link_down, daemon=True).start()
        try:
            ca = net.serve(build, "server", 443, listed=_aik_id(build), tls="1.2")
            report, console, _ = _run(build, work, net, ca=ca,
                                      qemu_args=("--idle-nic-first", "--monitor-socket", monitor))
        finally:
            net.stop()
        conn = evidence(report, "network.connection")
        check(conn["status"] == "pass" and conn["evidence"]["nic"] == "52:54:00:12:34:56", str(conn))
        check(int(conn["evidence"]["nic_count"]) >= 2, str(conn))
        check("52:54:00:00:00:01: no link" in conn["evidence"].get("nics_passed_over", ""), str(conn))
        for check_id in ("aik.authority.probe", "network.endpoints"):
            c = evidence(report, check_id)
            check(c["status"] == "pass", f"{check_id} over TLS 1.2: {c}")


def test_uefi_network_fetches_a_missing_intermediate_from_aia(build):
    """The cab lacks the issuing CA; the EK certificate names it at http://aia.test/issuer.cer: the UEFI run fetches
    it over plain HTTP through lwIP and the chain verifies."""
    from aia_cert import aia_state
    with Workspace(build) as work:
        state, issuer = aia_state(build, work)
        net = TestNetwork(work)
        try:
            ca = net.serve(build, "server", 443, listed=_aik_id(build))
            net.serve(build, None, 80, files={"/issuer.cer": issuer})
            report, console, _ = _run(build, work, net, ca=ca, state=state, cab="no-intermediate")
        finally:
            net.stop()
        chain = evidence(report, "ek.chain")
        check(chain["status"] == "pass" and "http://aia.test/issuer.cer (caIssuers)" in json.dumps(chain["evidence"]),
              str(chain))


def test_uefi_network_gives_the_nic_back_to_the_firmware(build):
    """Run from the UEFI shell with finish = exit: the application takes the NIC for its checks, and after it
    returns, the firmware's own network stack works on the same NIC again (the shell's ifconfig gets a lease and
    ping gets answers) - the NIC was handed back."""
    from harness import shell_image
    with Workspace(build) as work:
        image = shell_image(build, work, "finish = exit\nvirtual_tpm = warn\nrefresh_cab = off\n",
                            ["\\preflight\\preflight.efi", "ifconfig -s eth0 dhcp", "stall 4000000", "ping -n 3 10.0.2.2",
                             "echo SHELL-DONE", "reset -s"])
        state = provisioned_state(build, os.path.join(work, "tpm"))
        net = TestNetwork(work)
        try:
            rc, console = boot(image, "crb", state, os.path.join(work, "serial.log"), timeout=150, network=net,
                               qemu_args=("--stick-boots-first",))
        finally:
            net.stop()
        check(rc == 0 and "SHELL-DONE" in console, f"QEMU exit {rc}\n{console[-2000:]}")
        check(re.search(r"NETWORK  10\.0\.2\.1\d\d on 52:54:00:12:34:56", console), "the application had no network")
        after = console[console.index("ping -n 3"):]
        check("3 packets transmitted, 3 received" in after, f"the firmware's stack cannot use the NIC\n{after[:1500]}")


def test_uefi_network_aik_enrolment(build):
    """aik_enrol = on: the UEFI application enrols the TPM with the test AIK service over lwIP and mbed TLS - the
    AIK made and certified, the SCEP messages with its own software key, the challenge answered - and passes with
    the issued certificate's serial, through the direct CRB transport and through TCG2; through TCG2 the service
    refusing the EK certificate (400, Microsoft's words) fails with its reason and prediction. The console names the
    slow steps."""
    results = {}
    for transport, mode in (("crb", "issue"), ("tcg2", "issue"), ("tcg2", "ek-invalid")):
        with Workspace(build) as work:
            net = TestNetwork(work)
            try:
                ca = net.serve(build, "server", 443, listed=_aik_id(build), **aik_enrol_options(build, mode))
                net.serve(build, None, 80)
                net.ntp()
                results[transport, mode] = _run(build, work, net, settings={"aik_enrol": "on", "transport": transport}, ca=ca,
                                     timeout=240)
            finally:
                net.stop()
    for transport in ("crb", "tcg2"):
        report, console, _ = results[transport, "issue"]
        e = evidence(report, "aik.enrolment")
        check(e["status"] == "pass" and e["summary"].startswith("Microsoft issued an AIK certificate for this TPM "
                                                                "(serial ")
              and e["evidence"].get("round_trips", "").startswith("2 "), f"{transport}: {e}\n{console[-3000:]}")
    check("creating the AIK as Windows does" in console and "enrolling with Microsoft's AIK service" in console,
          console[-3000:])
    check(re.search(r"DONE     aik.enrolment: pass in \d+\.\d s", console), "no DONE line for the enrolment")
    report, console, _ = results["tcg2", "ek-invalid"]
    e = evidence(report, "aik.enrolment")
    check(e["status"] == "fail" and e["reason"] == "aik.enrolment/ek-rejected" and "0x80190190" in e["predicts"]
          and "No valid TPM EK/Platform Certificate" in e["evidence"].get("service_message", ""),
          f"aik.enrolment: {e}\n{console[-3000:]}")
