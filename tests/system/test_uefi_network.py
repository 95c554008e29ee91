"""The UEFI application's own network stack in QEMU: a virtio-net NIC (OVMF's driver) on a tap device in a test
network namespace with dnsmasq (DHCP, DNS) and mock services (tests/system/testnet.py). The online checks run
over lwIP and mbed TLS with the test CA as the stick's CA bundle; each fault gives its named result."""
import os
import time

from harness import Workspace, boot, check, evidence, image_reports, make_image, provisioned_state, test_cabs
from testnet import TestNetwork


def _aik_id(build):
    with open(os.path.join(test_cabs(build), "aik-id")) as f:
        return f.read().strip()


def _run(build, work, net, settings=None, ca=None, timeout=150):
    """Boots the unit in `net` with the good test cab and `ca` as the stick's CA bundle; returns (report, console)."""
    state = provisioned_state(build, os.path.join(work, "tpm"))
    extra = {os.path.join(test_cabs(build), "good.cab"): "\\preflight\\TrustedTpm.cab"}
    if ca:
        extra[ca] = "\\preflight\\ca-bundle.pem"
    conf = {"finish": "shutdown", "virtual_tpm": "warn"}
    conf.update(settings or {})
    image = make_image(build, os.path.join(work, "stick.img"), conf, extra=extra)
    started = time.time()
    rc, console = boot(image, "crb", state, os.path.join(work, "serial.log"), timeout=timeout, network=net)
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
            report, console, _ = _run(build, work, net, ca=ca)
        finally:
            net.stop()
        conn = evidence(report, "network.connection")
        check(conn["status"] == "pass", f"network.connection: {conn}\n{console[-3000:]}")
        check(conn["evidence"]["address"].startswith("10.0.2.1"), str(conn))
        check("Pci(" in conn["evidence"]["nic_path"] and conn["evidence"]["nic"].count(":") == 5, str(conn))
        probe = evidence(report, "aik.authority.probe")
        check(probe["status"] == "pass", f"aik.authority.probe: {probe}")
        ends = evidence(report, "network.endpoints")
        check(ends["status"] == "pass", f"network.endpoints: {ends}")
        clock = evidence(report, "clock.skew")
        check(clock["status"] == "pass", f"clock.skew: {clock}")
